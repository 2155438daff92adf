#pragma once
// The API's sample business data, as loaded from resources/data (see CompanyRepository).
// Amounts are whole US dollars. Value types.
// Threads: value types; copies may be used on any thread.
#include <cstdint>
#include <string>

namespace deskauth::api {

struct Company {
    std::int64_t id = 0;
    std::string name;
    std::string region;  // matched against the caller's "regions" claim
    std::int64_t targetUsd = 0;
    std::int64_t investmentUsd = 0;
    int noInvestors = 0;
};

struct Transaction {
    std::string id;
    std::int64_t companyId = 0;
    std::string investorId;
    std::int64_t amountUsd = 0;
    std::string date;  // ISO 8601 calendar date, YYYY-MM-DD
};

}  // namespace deskauth::api
