#include "RegionAuthorizer.h"

#include <algorithm>

namespace deskauth::api {

bool RegionAuthorizer::canSee(const AccessClaims& caller, const Company& company) {
    return std::find(caller.regions.begin(), caller.regions.end(), company.region) != caller.regions.end();
}

std::vector<const Company*> RegionAuthorizer::visibleCompanies(const AccessClaims& caller,
                                                               const CompanyRepository& repository) {
    std::vector<const Company*> visible;
    for (const auto& company : repository.companies()) {
        if (canSee(caller, company)) visible.push_back(&company);
    }
    return visible;
}

}  // namespace deskauth::api
