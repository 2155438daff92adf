#include "diagnostics/Diagnostics.h"

#include "config/Configuration.h"
#include "diagnostics/AuthorityChecks.h"
#include "diagnostics/LocalChecks.h"
#include "diagnostics/SettingsOrigins.h"
#include "errors/Errors.h"
#include "storage/TokenStoreFactory.h"

namespace deskauth {

DiagnosticReport runDiagnostics(const DiagnosticsRequest& request) {
    DiagnosticReport report;
    constexpr const char* check = "Configuration";
    if (request.configPath.empty()) {
        report.add({check, CheckStatus::Problem, "no desktop.json was found",
                    "pass --config PATH, set DESKAUTH_CONFIG, or create ~/.config/deskauth/desktop.json"});
        return report;
    }
    Configuration config;
    try {
        config = Configuration::load(request.configPath);
        // A backend this platform lacks is a configuration error too (the app refuses to start).
        resolveStorageBackend(config, currentPlatform());
    } catch (const Error& e) {
        report.add({check, CheckStatus::Problem, e.userMessage(), "correct the field named (docs/configuration.md)"});
        return report;
    }
    report.add({check, CheckStatus::Ok, request.configPath + " is valid", ""});
    reportSettingsOrigins(config, report);
    checkAuthority(config, report);
    checkLoopbackPorts(config, report);
    checkSchemeRegistration(config, request.executable, report);
    checkSecretStore(config, request.keyringPromptTimeout, report);
    return report;
}

}  // namespace deskauth
