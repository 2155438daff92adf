#pragma once
// What `deskauth --diagnose` and Help → Diagnostics… found: one line per check, each OK, a
// warning (sign-in works, something is degraded), a problem (sign-in would fail) or skipped (the
// check does not apply or needs one that failed), with what to do about it. Holds no token, code
// or secret — the checks never read one. Value type.
// Threads: a value built by one thread (the diagnostics worker) and then only read.
#include <string>
#include <vector>

namespace deskauth {

enum class CheckStatus { Ok, Warning, Problem, Skipped };

const char* toString(CheckStatus status);  // "OK", "WARNING", "PROBLEM", "SKIPPED"

struct CheckResult {
    std::string check;    // what was checked, e.g. "Loopback ports"
    CheckStatus status = CheckStatus::Ok;
    std::string finding;  // what was found, one sentence
    std::string advice;   // what to do; empty when nothing needs doing
};

class DiagnosticReport {
public:
    void add(CheckResult result) { results_.push_back(std::move(result)); }
    const std::vector<CheckResult>& results() const { return results_; }
    // The settings in effect, one line each with where it came from (diagnostics/SettingsOrigins.h).
    void setSettings(std::vector<std::string> lines) { settings_ = std::move(lines); }
    const std::vector<std::string>& settings() const { return settings_; }

    // True when any check found something that would stop a sign-in.
    bool blocksSignIn() const;
    // The report as plain text, one check per line plus its advice indented below, the settings
    // in effect (when set) and a summary line; what the CLI prints and the dialog's Copy report copies.
    std::string text() const;
    std::string summary() const;

private:
    std::vector<CheckResult> results_;
    std::vector<std::string> settings_;
};

}  // namespace deskauth
