// Loading the API's sample data, and refusing broken data with a message that says where.
#include "CompanyRepository.h"

#include "support/TestPaths.h"

#include <gtest/gtest.h>

#include <set>

using namespace deskauth::api;

namespace {

std::string loadError(const std::string& companies, const std::string& transactions) {
    try {
        CompanyRepository::parse(companies, transactions, "data");
        return "(loaded)";
    } catch (const std::runtime_error& e) {
        return e.what();
    }
}

const std::string oneCompany =
    R"([{"id":1,"name":"A","region":"Europe","targetUsd":10,"investmentUsd":5,"noInvestors":1}])";

}  // namespace

TEST(CompanyRepository, LoadsTheRepositorysSampleData) {
    const auto repository = CompanyRepository::load(deskauth::test::sourceDir() + "/resources/data");
    std::set<std::string> regions;
    for (const auto& company : repository.companies()) {
        regions.insert(company.region);
        EXPECT_FALSE(repository.transactionsOf(company.id).empty()) << company.name << " has transactions";
        EXPECT_EQ(repository.find(company.id), &company);
    }
    EXPECT_GE(repository.companies().size(), 6u);
    EXPECT_EQ(regions, (std::set<std::string>{"Asia", "Europe", "USA"}));
    EXPECT_EQ(repository.find(424242), nullptr);
    EXPECT_TRUE(repository.transactionsOf(424242).empty());
}

TEST(CompanyRepository, RefusesBrokenDataNamingTheFileEntryAndField) {
    EXPECT_EQ(loadError("[", "[]").rfind("data/companies.json is not valid JSON", 0), 0u);
    EXPECT_EQ(loadError("{}", "[]"), "data/companies.json must hold a JSON array");
    EXPECT_EQ(loadError(R"([{"id":1}])", "[]"), "data/companies.json entry 0: 'name' must be a string");
    EXPECT_EQ(loadError(R"([{"id":"1"}])", "[]"), "data/companies.json entry 0: 'id' must be a whole number");
    EXPECT_EQ(loadError(oneCompany.substr(0, oneCompany.size() - 1) + "," + oneCompany.substr(1), "[]"),
              "data/companies.json entry 1: 'id' repeats id 1");
    EXPECT_EQ(loadError(oneCompany, R"([{"id":"T1","companyId":2,"investorId":"I","amountUsd":1,"date":"2024-01-01"}])"),
              "data/transactions.json entry 0: 'companyId' names no company");
    EXPECT_EQ(loadError(oneCompany, R"([{"id":"T1","companyId":1,"investorId":"I","amountUsd":-5,"date":"2024-01-01"}])"),
              "data/transactions.json entry 0: 'amountUsd' must be at least 0");
    EXPECT_EQ(loadError(oneCompany, "[]"), "(loaded)");
}

TEST(CompanyRepository, ReportsAMissingFolder) {
    try {
        CompanyRepository::load("/nonexistent/data");
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot read /nonexistent/data/companies.json");
    }
}
