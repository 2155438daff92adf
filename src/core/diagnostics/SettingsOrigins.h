#pragma once
// What `--diagnose` says about where the settings come from: the "Policy" check (which policies
// apply, and each field the user's file sets that a policy locks — the file's value is not used)
// and, for every setting in effect, the file or registry key it came from.
// Threads: pure; any thread.
#include "config/Configuration.h"
#include "diagnostics/DiagnosticReport.h"

#include <string>
#include <vector>

namespace deskauth {

// Adds the "Policy" check and the settings in effect to `report`.
void reportSettingsOrigins(const Configuration& config, DiagnosticReport& report);

// One line per setting: `oauth.clientId = "desk" (from /etc/deskauth/policy.json, locked)`.
std::vector<std::string> settingsInEffect(const SettingsProvenance& provenance);

// One sentence per field the user's file sets and a policy locks (also logged at start-up).
std::vector<std::string> lockedOverrideNotices(const SettingsProvenance& provenance);

}  // namespace deskauth
