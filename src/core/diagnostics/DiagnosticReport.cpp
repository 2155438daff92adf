#include "diagnostics/DiagnosticReport.h"

#include <algorithm>

namespace deskauth {

const char* toString(CheckStatus status) {
    switch (status) {
    case CheckStatus::Ok: return "OK";
    case CheckStatus::Warning: return "WARNING";
    case CheckStatus::Problem: return "PROBLEM";
    case CheckStatus::Skipped: return "SKIPPED";
    }
    return "?";
}

bool DiagnosticReport::blocksSignIn() const {
    return std::any_of(results_.begin(), results_.end(),
                       [](const CheckResult& r) { return r.status == CheckStatus::Problem; });
}

std::string DiagnosticReport::summary() const {
    const auto count = [this](CheckStatus status) {
        return std::count_if(results_.begin(), results_.end(), [status](const CheckResult& r) { return r.status == status; });
    };
    const auto problems = count(CheckStatus::Problem);
    const auto warnings = count(CheckStatus::Warning);
    if (problems > 0) {
        return std::to_string(problems) + (problems == 1 ? " problem" : " problems") +
               " would stop a sign-in; fix the lines marked PROBLEM.";
    }
    if (warnings > 0) {
        return "Sign-in should work; " + std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") + " above.";
    }
    return "Everything checked is fine.";
}

std::string DiagnosticReport::text() const {
    std::string out;
    for (const auto& r : results_) {
        std::string status = toString(r.status);
        status.resize(8, ' ');
        out += status + r.check + ": " + r.finding + "\n";
        if (!r.advice.empty()) out += "        What to do: " + r.advice + "\n";
    }
    if (!settings_.empty()) {
        out += "Settings in effect, each with where it comes from:\n";
        for (const auto& line : settings_) out += "        " + line + "\n";
    }
    out += summary() + "\n";
    return out;
}

}  // namespace deskauth
