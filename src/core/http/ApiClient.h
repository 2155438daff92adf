#pragma once
// Typed calls to the sample API (deskauth-api). The app gets structs, never HTTP or JSON.
// Thread-safe; calls block, so run them off the UI thread.
#include "http/HttpClient.h"

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

class ApiClient {
public:
    ApiClient(HttpClient& http, std::string baseUrl);

    // Each throws LoginRequired, ApiError, NetworkError, TimedOut or ProtocolError (bad JSON).
    std::vector<Company> companies();
    CompanyTransactions transactions(int companyId);
    ApiUserInfo userInfo();

private:
    HttpClient& http_;
    std::string baseUrl_;
};

}  // namespace deskauth
