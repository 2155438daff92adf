#pragma once
// Where each setting comes from. The configuration file and the administrator's policies
// (config/PolicySources.h) are layers of the same JSON shape, merged field by field before the
// merged document is read as one: a later layer replaces what an earlier one set, leaf by leaf
// (objects are merged, anything else — strings, numbers, arrays, null — is one leaf), and a
// policy (`locked`) layer is applied after every unlocked one, so what it sets is locked. JSON
// null in a policy locks a field to its built-in default. Nothing here knows a field: a field
// added to Configuration is lockable and attributed without code here.
// Threads: pure values and functions; a SettingsTrail is used by one parse on one thread.
#include <Poco/JSON/Object.h>

#include <map>
#include <string>
#include <vector>

namespace deskauth {

struct SettingsLayer {
    std::string source;   // names it in messages: a file path or a registry key
    std::string baseDir;  // relative paths in it are relative to this folder; "" = none allowed
    Poco::JSON::Object::Ptr document;
    bool locked = false;             // a policy: users cannot change what it sets
    bool numbersAsBooleans = false;  // the registry has no boolean: REG_DWORD 0 / 1 stand for false / true
};

// The layer a leaf of the merged document came from.
struct SettingOrigin {
    std::string source;
    std::string baseDir;
    bool locked = false;
    bool numbersAsBooleans = false;
};

// A field an unlocked layer (the user's file) set to something else than the policy that locks it.
struct OverriddenSetting {
    std::string path;          // "oauth.clientId"
    std::string userSource;    // the file whose value is not used
    std::string policySource;  // the policy whose value is
};

// One setting as the app uses it, with where it came from.
struct EffectiveSetting {
    std::string path;    // dotted, "redirect.loopbackPorts.first"
    std::string value;   // as JSON text, as the source gave it (before paths are resolved)
    std::string source;  // the file or key; "" = the built-in default
    bool locked = false;
};

// What a loaded Configuration says about its sources (shown by --diagnose and logged at start).
struct SettingsProvenance {
    std::vector<std::string> policySources;  // the policies found, strongest last
    std::vector<EffectiveSetting> settings;  // every setting the app read, in reading order
    std::vector<OverriddenSetting> overridden;
};

struct MergedSettings {
    Poco::JSON::Object::Ptr document;
    std::string primarySource;  // the first layer (the configuration file): named for missing fields
    std::string primaryBaseDir;
    std::map<std::string, SettingOrigin> origins;  // leaf dotted path -> its layer
    std::vector<std::string> policySources;
    std::vector<OverriddenSetting> overridden;
};

// `layers`: the configuration file first; policies may come in any place (they are applied after
// the unlocked layers, in their given order: the strongest last). At least one layer.
MergedSettings mergeSettingsLayers(std::vector<SettingsLayer> layers);

// What JsonSection consults (the origins) and records (every field read) while the merged
// document is read; shared by the sections of one parse.
struct SettingsTrail {
    MergedSettings merged;
    std::vector<EffectiveSetting> read;

    // The layer that set `path`, or nullptr (absent or built-in default).
    const SettingOrigin* originOf(const std::string& path) const;
    // The source to name in an error about `path`: its layer, the layer of a field under it, else
    // the configuration file.
    const std::string& sourceFor(const std::string& path) const;
    SettingsProvenance provenance() const;
};

}  // namespace deskauth
