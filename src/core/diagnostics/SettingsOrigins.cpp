#include "diagnostics/SettingsOrigins.h"

#include "config/PolicySources.h"

namespace deskauth {
namespace {

std::string listed(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
    return out;
}

}  // namespace

std::vector<std::string> settingsInEffect(const SettingsProvenance& provenance) {
    std::vector<std::string> lines;
    for (const auto& setting : provenance.settings) {
        const std::string from = setting.source.empty() ? "built-in default"
                                                        : "from " + setting.source + (setting.locked ? ", locked" : "");
        lines.push_back(setting.path + " = " + setting.value + " (" + from + ")");
    }
    return lines;
}

std::vector<std::string> lockedOverrideNotices(const SettingsProvenance& provenance) {
    std::vector<std::string> notices;
    for (const auto& overridden : provenance.overridden) {
        notices.push_back(overridden.userSource + " sets " + overridden.path + ", which " + overridden.policySource +
                          " locks: the policy's value is used");
    }
    return notices;
}

void reportSettingsOrigins(const Configuration& config, DiagnosticReport& report) {
    constexpr const char* check = "Policy";
    const SettingsProvenance& provenance = config.provenance;
    if (provenance.policySources.empty()) {
        report.add({check, CheckStatus::Skipped, "no policy found (looked for " + listed(policyLocations()) + ")", ""});
    } else {
        std::size_t locked = 0;
        for (const auto& setting : provenance.settings) locked += setting.locked ? 1 : 0;
        const std::string applied = std::to_string(locked) + (locked == 1 ? " setting" : " settings") +
                                    " locked by " + listed(provenance.policySources);
        const std::vector<std::string> notices = lockedOverrideNotices(provenance);
        if (notices.empty()) {
            report.add({check, CheckStatus::Ok, applied, ""});
        } else {
            std::string finding = applied;
            for (const auto& notice : notices) finding += "; " + notice;
            report.add({check, CheckStatus::Warning, finding,
                        "remove the locked settings from " + config.sourceFile +
                            " (they have no effect); to change one, ask whoever manages the policy"});
        }
    }
    report.setSettings(settingsInEffect(provenance));
}

}  // namespace deskauth
