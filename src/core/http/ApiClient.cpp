#include "http/ApiClient.h"

#include "errors/Errors.h"
#include "http/JsonBody.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace deskauth {
namespace {

double number(const Poco::JSON::Object& object, const std::string& field) {
    if (!object.has(field) || object.isNull(field)) return 0;
    try {
        return object.get(field).convert<double>();
    } catch (const Poco::Exception&) {
        throw ProtocolError("invalid_api_response", "field '" + field + "' is not a number");
    }
}

std::string text(const Poco::JSON::Object& object, const std::string& field) {
    if (!object.has(field) || object.isNull(field)) return {};
    return object.get(field).convert<std::string>();
}

Company companyFrom(const Poco::JSON::Object& object) {
    Company company;
    company.id = static_cast<int>(number(object, "id"));
    company.name = text(object, "name");
    company.region = text(object, "region");
    company.targetUsd = number(object, "targetUsd");
    company.investmentUsd = number(object, "investmentUsd");
    company.noInvestors = static_cast<int>(number(object, "noInvestors"));
    return company;
}

Poco::JSON::Array::Ptr arrayBody(const std::string& body, const std::string& wrapper) {
    try {
        auto value = Poco::JSON::Parser().parse(body);
        if (value.type() == typeid(Poco::JSON::Array::Ptr)) return value.extract<Poco::JSON::Array::Ptr>();
        if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
            if (auto array = value.extract<Poco::JSON::Object::Ptr>()->getArray(wrapper)) return array;
        }
    } catch (const Poco::Exception&) {
    }
    throw ProtocolError("invalid_api_response", "expected a JSON array of " + wrapper);
}

}  // namespace

ApiClient::ApiClient(HttpClient& http, std::string baseUrl) : http_(http), baseUrl_(std::move(baseUrl)) {}

std::vector<Company> ApiClient::companies() {
    auto array = arrayBody(http_.get(baseUrl_ + "/companies").body, "companies");
    std::vector<Company> out;
    for (std::size_t i = 0; i < array->size(); ++i) {
        if (auto object = array->getObject(static_cast<unsigned>(i))) out.push_back(companyFrom(*object));
    }
    return out;
}

CompanyTransactions ApiClient::transactions(int companyId) {
    auto body = json::parseObject(http_.get(baseUrl_ + "/companies/" + std::to_string(companyId) + "/transactions").body,
                                  "invalid_api_response");
    CompanyTransactions result;
    if (auto company = body->getObject("company")) result.company = companyFrom(*company);
    if (auto array = body->getArray("transactions")) {
        for (std::size_t i = 0; i < array->size(); ++i) {
            auto object = array->getObject(static_cast<unsigned>(i));
            if (!object) continue;
            Transaction t;
            t.id = text(*object, "id");
            t.investorId = text(*object, "investorId");
            t.amountUsd = number(*object, "amountUsd");
            t.date = text(*object, "date");
            result.transactions.push_back(std::move(t));
        }
    }
    return result;
}

ApiUserInfo ApiClient::userInfo() {
    auto body = json::parseObject(http_.get(baseUrl_ + "/userinfo").body, "invalid_api_response");
    ApiUserInfo info;
    info.name = text(*body, "name");
    if (auto regions = body->getArray("regions")) {
        for (std::size_t i = 0; i < regions->size(); ++i) info.regions.push_back(regions->get(i).convert<std::string>());
    }
    return info;
}

}  // namespace deskauth
