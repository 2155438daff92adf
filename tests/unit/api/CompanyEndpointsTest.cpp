// The authorisation filter: users see the companies of their regions only, and the answers for
// other regions' companies cannot be told apart from those for missing companies.
#include "CompanyEndpoints.h"
#include "HttpProblem.h"
#include "RegionAuthorizer.h"

#include "support/TestPaths.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <set>
#include <sstream>

using namespace deskauth::api;

namespace {

AccessClaims user(std::vector<std::string> regions) {
    AccessClaims claims;
    claims.subject = "user";
    claims.name = "Some User";
    claims.regions = std::move(regions);
    return claims;
}

class CompanyEndpointsTest : public ::testing::Test {
protected:
    CompanyRepository repository = CompanyRepository::load(deskauth::test::sourceDir() + "/resources/data");
    CompanyEndpoints endpoints{repository};

    std::set<std::string> regionsSeenBy(const AccessClaims& caller) const {
        auto list = Poco::JSON::Parser().parse(endpoints.companies(caller)).extract<Poco::JSON::Array::Ptr>();
        std::set<std::string> regions;
        for (std::size_t i = 0; i < list->size(); ++i) regions.insert(list->getObject(i)->getValue<std::string>("region"));
        return regions;
    }

    std::int64_t firstCompanyIn(const std::string& region) const {
        for (const auto& company : repository.companies()) {
            if (company.region == region) return company.id;
        }
        throw std::logic_error("no company in " + region);
    }

    std::string problemOf(const AccessClaims& caller, const std::string& id) const {
        try {
            endpoints.transactions(caller, id);
            return "(ok)";
        } catch (const HttpProblem& problem) {
            return std::to_string(problem.status()) + " " + problem.code() + " " + problem.message();
        }
    }
};

}  // namespace

TEST_F(CompanyEndpointsTest, EachUserSeesOnlyTheCompaniesOfTheirRegions) {
    EXPECT_EQ(regionsSeenBy(user({"Europe", "USA"})), (std::set<std::string>{"Europe", "USA"}));
    EXPECT_EQ(regionsSeenBy(user({"Asia"})), (std::set<std::string>{"Asia"}));
    EXPECT_EQ(endpoints.companies(user({})), "[]");
    EXPECT_EQ(endpoints.companies(user({"europe"})), "[]") << "region names are exact";
    EXPECT_EQ(endpoints.companies(user({"Antarctica"})), "[]");
}

TEST_F(CompanyEndpointsTest, ListsCompaniesWithAllTheirFields) {
    auto list = Poco::JSON::Parser().parse(endpoints.companies(user({"Asia"}))).extract<Poco::JSON::Array::Ptr>();
    ASSERT_GE(list->size(), 1u);
    auto first = list->getObject(0);
    for (const char* field : {"id", "name", "region", "targetUsd", "investmentUsd", "noInvestors"}) {
        EXPECT_TRUE(first->has(field)) << field;
    }
}

TEST_F(CompanyEndpointsTest, GivesTheTransactionsOfACompanyInTheCallersRegion) {
    const auto id = firstCompanyIn("Europe");
    auto result = Poco::JSON::Parser()
                      .parse(endpoints.transactions(user({"Europe"}), std::to_string(id)))
                      .extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(result->getObject("company")->getValue<std::int64_t>("id"), id);
    auto transactions = result->getArray("transactions");
    ASSERT_GE(transactions->size(), 1u);
    for (const char* field : {"id", "investorId", "amountUsd", "date"}) {
        EXPECT_TRUE(transactions->getObject(0)->has(field)) << field;
    }
}

TEST_F(CompanyEndpointsTest, AnotherRegionsCompanyAndAMissingCompanyGiveTheSame404) {
    const auto asian = std::to_string(firstCompanyIn("Asia"));
    const std::string otherRegion = problemOf(user({"Europe", "USA"}), asian);
    const std::string missing = problemOf(user({"Europe", "USA"}), "999999");
    EXPECT_EQ(otherRegion.substr(0, 13), "404 not_found");
    EXPECT_EQ(otherRegion, missing) << "nothing tells the caller that the company exists";
    EXPECT_EQ(problemOf(user({}), asian), missing);
}

TEST_F(CompanyEndpointsTest, ANonNumericIdIs400) {
    for (const std::string id : {"abc", "-1", "+1", "1.5", "", " 1", "1 ", "0x1", "1e3", "1234567890123456789"}) {
        EXPECT_EQ(problemOf(user({"Europe"}), id).substr(0, 22), "400 invalid_company_id") << "'" << id << "'";
    }
    EXPECT_EQ(problemOf(user({"Europe"}), "0").substr(0, 3), "404") << "numeric but unknown";
}

TEST_F(CompanyEndpointsTest, UserinfoGivesNameAndRegions) {
    EXPECT_EQ(endpoints.userinfo(user({"Europe", "USA"})), R"({"name":"Some User","regions":["Europe","USA"]})");
    EXPECT_EQ(endpoints.userinfo(user({})), R"({"name":"Some User","regions":[]})");
}

TEST(RegionAuthorizer, MatchesTheCompanyRegionAgainstTheRegionsClaim) {
    Company company;
    company.region = "USA";
    EXPECT_TRUE(RegionAuthorizer::canSee(user({"Europe", "USA"}), company));
    EXPECT_FALSE(RegionAuthorizer::canSee(user({"Europe"}), company));
    EXPECT_FALSE(RegionAuthorizer::canSee(user({}), company));
}

TEST_F(CompanyEndpointsTest, TheListIsTheSameJsonAsPocoWritesForIt) {
    // companies() joins texts made once; the bytes are those of the JSON tree it replaced
    Poco::JSON::Array expected;
    for (const Company* company : RegionAuthorizer::visibleCompanies(user({"Europe", "USA"}), repository)) {
        Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        object->set("id", static_cast<Poco::Int64>(company->id));
        object->set("name", company->name);
        object->set("region", company->region);
        object->set("targetUsd", static_cast<Poco::Int64>(company->targetUsd));
        object->set("investmentUsd", static_cast<Poco::Int64>(company->investmentUsd));
        object->set("noInvestors", company->noInvestors);
        expected.add(object);
    }
    ASSERT_GE(expected.size(), 2u);
    std::ostringstream text;
    expected.stringify(text);
    EXPECT_EQ(endpoints.companies(user({"Europe", "USA"})), text.str());
}
