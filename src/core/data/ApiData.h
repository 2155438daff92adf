#pragma once
// The sample API's data as plain values: what ApiClient returns and the views show. Kept apart
// from http/ so that a view can show a company without knowing how it was fetched. Not
// synchronised (values are copied between threads).
#include <string>
#include <vector>

namespace deskauth {

struct Company {
    int id = 0;
    std::string name;
    std::string region;
    double targetUsd = 0;
    double investmentUsd = 0;
    int noInvestors = 0;
};

struct Transaction {
    std::string id;
    std::string investorId;
    double amountUsd = 0;
    std::string date;
};

struct CompanyTransactions {
    Company company;
    std::vector<Transaction> transactions;
};

struct ApiUserInfo {
    std::string name;
    std::vector<std::string> regions;
};

}  // namespace deskauth
