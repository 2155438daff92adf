#include "CompanyEndpoints.h"

#include "HttpProblem.h"
#include "RegionAuthorizer.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <charconv>
#include <sstream>

namespace deskauth::api {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr toJson(const Company& company) {
    Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    object->set("id", static_cast<Poco::Int64>(company.id));
    object->set("name", company.name);
    object->set("region", company.region);
    object->set("targetUsd", static_cast<Poco::Int64>(company.targetUsd));
    object->set("investmentUsd", static_cast<Poco::Int64>(company.investmentUsd));
    object->set("noInvestors", company.noInvestors);
    return object;
}

Object::Ptr toJson(const Transaction& transaction) {
    Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    object->set("id", transaction.id);
    object->set("investorId", transaction.investorId);
    object->set("amountUsd", static_cast<Poco::Int64>(transaction.amountUsd));
    object->set("date", transaction.date);
    return object;
}

template <typename Json>
std::string stringify(const Json& json) {
    std::ostringstream out;
    json.stringify(out);
    return out.str();
}

}  // namespace

CompanyEndpoints::CompanyEndpoints(const CompanyRepository& repository) : repository_(repository) {
    for (const Company& company : repository_.companies()) companyJson_.emplace(company.id, stringify(*toJson(company)));
}

std::optional<std::int64_t> CompanyEndpoints::parseId(const std::string& text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size() || text.front() == '-' || text.front() == '+') {
        return std::nullopt;
    }
    return id;
}

std::string CompanyEndpoints::companies(const AccessClaims& caller) const {
    // What Poco::JSON::Array::stringify writes without indentation: "[", the items, ",", "]".
    std::string list = "[";
    for (const Company* company : RegionAuthorizer::visibleCompanies(caller, repository_)) {
        if (list.size() > 1) list += ',';
        list += companyJson_.at(company->id);
    }
    list += ']';
    return list;
}

std::string CompanyEndpoints::transactions(const AccessClaims& caller, const std::string& idSegment) const {
    const auto id = parseId(idSegment);
    if (!id) {
        throw HttpProblem::badRequest("invalid_company_id", "The company id must be a number.",
                                      "company id segment is not numeric");
    }
    const Company* company = repository_.find(*id);
    if (!company) throw HttpProblem::notFound("company " + std::to_string(*id) + " does not exist");
    if (!RegionAuthorizer::canSee(caller, *company)) {
        throw HttpProblem::notFound("company " + std::to_string(*id) + " is outside the caller's regions");
    }
    Object result(Poco::JSON_PRESERVE_KEY_ORDER);
    result.set("company", toJson(*company));
    Array::Ptr transactions = new Array;
    for (const auto& transaction : repository_.transactionsOf(*id)) transactions->add(toJson(transaction));
    result.set("transactions", transactions);
    return stringify(result);
}

std::string CompanyEndpoints::userinfo(const AccessClaims& caller) const {
    Object result(Poco::JSON_PRESERVE_KEY_ORDER);
    result.set("name", caller.name);
    Array::Ptr regions = new Array;
    for (const auto& region : caller.regions) regions->add(region);
    result.set("regions", regions);
    return stringify(result);
}

}  // namespace deskauth::api
