#pragma once
// Typed calls to the sample API (deskauth-api). The app gets structs, never HTTP or JSON.
// Thread-safe; calls block, so run them off the UI thread.
#include "data/ApiData.h"
#include "http/HttpClient.h"

#include <string>
#include <vector>

namespace deskauth {

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
