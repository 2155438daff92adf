#pragma once
// The business endpoints behind authentication, as JSON bodies (shapes in src/api/README.md):
//   GET /api/companies                      the caller's companies
//   GET /api/companies/{id}/transactions    one company and its transactions
//   GET /api/userinfo                       the caller's name and regions
// Region rules come from RegionAuthorizer. Each company's JSON is made once, at construction (the
// data never changes), and a list is those texts joined: no JSON tree per request. Thread-safe
// (reads an immutable repository and its own texts, fixed at construction).
#include "AccessClaims.h"
#include "CompanyRepository.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace deskauth::api {

class CompanyEndpoints {
public:
    explicit CompanyEndpoints(const CompanyRepository& repository);

    std::string companies(const AccessClaims& caller) const;
    // Throws HttpProblem 400 for a non-numeric id, and the same 404 for a company that does not
    // exist and for one of another region, so that the answer does not reveal which.
    std::string transactions(const AccessClaims& caller, const std::string& idSegment) const;
    std::string userinfo(const AccessClaims& caller) const;

    // A company id is 1 to 18 decimal digits; nullopt for anything else.
    static std::optional<std::int64_t> parseId(const std::string& text);

private:
    const CompanyRepository& repository_;
    std::unordered_map<std::int64_t, std::string> companyJson_;  // by company id
};

}  // namespace deskauth::api
