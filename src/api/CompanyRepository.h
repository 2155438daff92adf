#pragma once
// The companies and their transactions, read once at start-up from companies.json and
// transactions.json in the data folder (resources/data in the repository). The files are checked
// as a whole: a wrong type, a missing field, a duplicate id or a transaction of an unknown company
// stops the start with a message naming the file and the entry. Immutable after load, so any
// number of request threads may read it.
#include "Company.h"

#include <map>
#include <string>
#include <vector>

namespace deskauth::api {

class CompanyRepository {
public:
    // Throws std::runtime_error naming the file and the problem.
    static CompanyRepository load(const std::string& directory);
    // From JSON text (tests); `source` names the data in error messages.
    static CompanyRepository parse(const std::string& companiesJson, const std::string& transactionsJson,
                                   const std::string& source = "(data)");

    const std::vector<Company>& companies() const { return companies_; }
    // nullptr when there is no company with this id.
    const Company* find(std::int64_t id) const;
    // In file order; empty for an unknown company.
    const std::vector<Transaction>& transactionsOf(std::int64_t companyId) const;

private:
    std::vector<Company> companies_;
    std::map<std::int64_t, std::vector<Transaction>> transactions_;
};

}  // namespace deskauth::api
