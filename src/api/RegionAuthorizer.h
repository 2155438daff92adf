#pragma once
// Per-user authorisation: a user sees only the companies of the regions in their "regions"
// claim (exact, case-sensitive names). No claim or an empty one sees nothing. Stateless, so
// thread-safe.
#include "AccessClaims.h"
#include "Company.h"
#include "CompanyRepository.h"

#include <vector>

namespace deskauth::api {

class RegionAuthorizer {
public:
    static bool canSee(const AccessClaims& caller, const Company& company);
    // The visible companies in repository order.
    static std::vector<const Company*> visibleCompanies(const AccessClaims& caller, const CompanyRepository& repository);
};

}  // namespace deskauth::api
