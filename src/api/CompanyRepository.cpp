#include "CompanyRepository.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace deskauth::api {
namespace {

// One entry of a data file, read field by field with errors that say where the problem is.
class Entry {
public:
    Entry(Poco::JSON::Object::Ptr object, std::string where) : object_(std::move(object)), where_(std::move(where)) {}

    [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
        throw std::runtime_error(where_ + ": '" + field + "' " + problem);
    }

    std::string text(const std::string& field) const {
        if (!object_->has(field) || !object_->get(field).isString()) fail(field, "must be a string");
        std::string value = object_->get(field).toString();
        if (value.empty()) fail(field, "must not be empty");
        return value;
    }

    std::int64_t number(const std::string& field, std::int64_t min) const {
        if (!object_->has(field) || !object_->get(field).isInteger()) fail(field, "must be a whole number");
        const auto value = object_->get(field).convert<std::int64_t>();
        if (value < min) fail(field, "must be at least " + std::to_string(min));
        return value;
    }

private:
    Poco::JSON::Object::Ptr object_;
    std::string where_;
};

Poco::JSON::Array::Ptr parseArray(const std::string& json, const std::string& file) {
    try {
        auto result = Poco::JSON::Parser().parse(json);
        if (result.type() == typeid(Poco::JSON::Array::Ptr)) return result.extract<Poco::JSON::Array::Ptr>();
    } catch (const Poco::Exception& e) {
        throw std::runtime_error(file + " is not valid JSON: " + e.displayText());
    }
    throw std::runtime_error(file + " must hold a JSON array");
}

Entry entryAt(const Poco::JSON::Array& array, std::size_t index, const std::string& file) {
    const std::string where = file + " entry " + std::to_string(index);
    auto object = array.getObject(static_cast<unsigned>(index));
    if (!object) throw std::runtime_error(where + " must be a JSON object");
    return Entry(object, where);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

CompanyRepository CompanyRepository::load(const std::string& directory) {
    const std::string companies = directory + "/companies.json";
    const std::string transactions = directory + "/transactions.json";
    const std::string companiesJson = readFile(companies);
    const std::string transactionsJson = readFile(transactions);
    return parse(companiesJson, transactionsJson, directory);
}

CompanyRepository CompanyRepository::parse(const std::string& companiesJson, const std::string& transactionsJson,
                                           const std::string& source) {
    CompanyRepository repository;
    const std::string companiesFile = source + "/companies.json";
    const auto companies = parseArray(companiesJson, companiesFile);
    std::set<std::int64_t> ids;
    for (std::size_t i = 0; i < companies->size(); ++i) {
        const Entry entry = entryAt(*companies, i, companiesFile);
        Company company;
        company.id = entry.number("id", 1);
        company.name = entry.text("name");
        company.region = entry.text("region");
        company.targetUsd = entry.number("targetUsd", 0);
        company.investmentUsd = entry.number("investmentUsd", 0);
        company.noInvestors = static_cast<int>(entry.number("noInvestors", 0));
        if (!ids.insert(company.id).second) entry.fail("id", "repeats id " + std::to_string(company.id));
        repository.companies_.push_back(std::move(company));
    }

    const std::string transactionsFile = source + "/transactions.json";
    const auto transactions = parseArray(transactionsJson, transactionsFile);
    std::set<std::string> transactionIds;
    for (std::size_t i = 0; i < transactions->size(); ++i) {
        const Entry entry = entryAt(*transactions, i, transactionsFile);
        Transaction transaction;
        transaction.id = entry.text("id");
        transaction.companyId = entry.number("companyId", 1);
        transaction.investorId = entry.text("investorId");
        transaction.amountUsd = entry.number("amountUsd", 0);
        transaction.date = entry.text("date");
        if (!ids.count(transaction.companyId)) entry.fail("companyId", "names no company");
        if (!transactionIds.insert(transaction.id).second) entry.fail("id", "repeats id " + transaction.id);
        repository.transactions_[transaction.companyId].push_back(std::move(transaction));
    }
    return repository;
}

const Company* CompanyRepository::find(std::int64_t id) const {
    for (const auto& company : companies_) {
        if (company.id == id) return &company;
    }
    return nullptr;
}

const std::vector<Transaction>& CompanyRepository::transactionsOf(std::int64_t companyId) const {
    static const std::vector<Transaction> none;
    auto it = transactions_.find(companyId);
    return it == transactions_.end() ? none : it->second;
}

}  // namespace deskauth::api
