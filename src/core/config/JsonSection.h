#pragma once
// One JSON object of a settings file, read field by field. Each reader checks the field's type
// (and range) and fails with a ConfigurationError naming the file and the field's dotted path
// ("oauth.loginTimeoutSeconds"). Fields no reader asked about are refused by rejectUnknown(), so a
// misspelt key is an error instead of a silently ignored setting. Shared by the desktop app's
// Configuration and the API's ApiConfiguration. Reading a document merged from several layers
// (config/SettingsLayers.h), a section with a SettingsTrail names the layer that set a field in its
// errors, resolves a relative path against that layer's folder and records every field it read.
// Threads: a value used by one thread at a time.
#include <Poco/JSON/Object.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace deskauth {

struct SettingsTrail;

class JsonSection {
public:
    // A null `object` is a section absent from the file: every field falls back. `path` is the
    // section's dotted path ("" for the top level); `file` names the file in errors.
    JsonSection(Poco::JSON::Object::Ptr object, std::string path, std::string file);
    // A section of a merged document: `file` is the configuration file; errors name the field's layer.
    JsonSection(Poco::JSON::Object::Ptr object, std::string path, std::string file,
                std::shared_ptr<SettingsTrail> trail);

    [[noreturn]] void fail(const std::string& field, const std::string& problem) const;

    // True when the field is present and not null. Marks the field as known either way.
    bool has(const std::string& field);

    // A required string must be present and not empty; an optional one falls back when absent.
    std::string string(const std::string& field, const std::string& fallback, bool required = false);
    int integer(const std::string& field, int fallback, int min, int max);
    bool boolean(const std::string& field, bool fallback);
    // An array of strings, possibly empty. When absent: "is missing" if required, else empty.
    std::vector<std::string> strings(const std::string& field, bool required);
    // A field whose absence means something of its own (`absent` says what, in the settings list):
    // nullopt when absent, else its value, checked as string() / integer() do.
    std::optional<std::string> optionalString(const std::string& field, const std::string& absent);
    std::optional<int> optionalInteger(const std::string& field, int min, int max, const std::string& absent);
    // One string or an array of strings ("resource": "urn:x" or ["urn:x", "urn:y"]); when absent, empty.
    std::vector<std::string> stringOrStrings(const std::string& field);
    // An object whose values are all strings, as (name, value) pairs sorted by name. When absent, empty.
    std::vector<std::pair<std::string, std::string>> stringMap(const std::string& field);
    // A non-empty array of strings, as a set. When absent: the fallback.
    std::set<std::string> nonEmptyStringSet(const std::string& field, const std::set<std::string>& fallback);

    // `value`, read from `field`, resolved against the folder of the layer that set it (`baseDir`
    // without a trail); a relative path from a layer without a folder (the registry) fails.
    std::string resolvePath(const std::string& field, const std::string& value, const std::string& baseDir) const;

    // The nested object `field`; when absent, a section whose fields all fall back.
    JsonSection child(const std::string& field);

    // Fails on the first field of this object that no reader asked about.
    void rejectUnknown() const;

private:
    std::string qualified(const std::string& field) const;
    // The present field as an array of strings; anything else fails with `problem`.
    std::vector<std::string> stringArray(const std::string& field, const std::string& problem);
    // With a trail: records that `field` was read, with its value or else `fallback` (JSON text).
    void note(const std::string& field, const std::string& fallback);
    // The present field as an int in [min, max]; anything else fails.
    int checkedInteger(const std::string& field, int min, int max);

    Poco::JSON::Object::Ptr object_;
    std::string path_;
    std::string file_;
    std::set<std::string> known_;
    std::shared_ptr<SettingsTrail> trail_;
};

}  // namespace deskauth
