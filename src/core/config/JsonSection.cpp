#include "config/JsonSection.h"

#include "config/NetworkSettings.h"
#include "config/SettingsLayers.h"
#include "errors/Errors.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Path.h>

#include <sstream>

namespace deskauth {

JsonSection::JsonSection(Poco::JSON::Object::Ptr object, std::string path, std::string file)
    : object_(std::move(object)), path_(std::move(path)), file_(std::move(file)) {}

JsonSection::JsonSection(Poco::JSON::Object::Ptr object, std::string path, std::string file,
                         std::shared_ptr<SettingsTrail> trail)
    : object_(std::move(object)), path_(std::move(path)), file_(std::move(file)), trail_(std::move(trail)) {}

void JsonSection::fail(const std::string& field, const std::string& problem) const {
    const std::string path = qualified(field);
    throw ConfigurationError(trail_ ? trail_->sourceFor(path) : file_, path, problem);
}

void JsonSection::note(const std::string& field, const std::string& fallback) {
    if (!trail_) return;
    const std::string path = qualified(field);
    const SettingOrigin* origin = trail_->originOf(path);
    std::string value = fallback;
    if (has(field)) {
        std::ostringstream text;
        Poco::JSON::Stringifier::stringify(object_->get(field), text);
        value = text.str();
    }
    trail_->read.push_back({path, value, origin ? origin->source : "", origin && origin->locked});
}

std::string JsonSection::resolvePath(const std::string& field, const std::string& value, const std::string& baseDir) const {
    const SettingOrigin* origin = trail_ ? trail_->originOf(qualified(field)) : nullptr;
    if (!origin || value.empty()) return resolveAgainst(value, baseDir);
    if (origin->baseDir.empty() && !Poco::Path(value).isAbsolute()) {
        fail(field, "must be an absolute path here (" + origin->source + " has no folder to be relative to)");
    }
    return resolveAgainst(value, origin->baseDir);
}

bool JsonSection::has(const std::string& field) {
    known_.insert(field);
    return object_ && object_->has(field) && !object_->isNull(field);
}

std::string JsonSection::string(const std::string& field, const std::string& fallback, bool required) {
    note(field, required ? "(none)" : "\"" + fallback + "\"");
    if (!has(field)) {
        if (required) fail(field, "is missing");
        return fallback;
    }
    const auto value = object_->get(field);
    if (!value.isString()) fail(field, "must be a string");
    std::string text = value.toString();
    if (required && text.empty()) fail(field, "must not be empty");
    return text;
}

int JsonSection::integer(const std::string& field, int fallback, int min, int max) {
    note(field, std::to_string(fallback));
    if (!has(field)) return fallback;
    return checkedInteger(field, min, max);
}

int JsonSection::checkedInteger(const std::string& field, int min, int max) {
    const auto value = object_->get(field);
    if (!value.isInteger()) fail(field, "must be a whole number");
    // Wider than int, so that a huge number is reported as out of range rather than overflowing.
    const auto number = value.convert<long long>();
    if (number < min || number > max) {
        fail(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return static_cast<int>(number);
}

bool JsonSection::boolean(const std::string& field, bool fallback) {
    note(field, fallback ? "true" : "false");
    if (!has(field)) return fallback;
    const auto value = object_->get(field);
    const SettingOrigin* origin = trail_ ? trail_->originOf(qualified(field)) : nullptr;
    if (origin && origin->numbersAsBooleans && value.isInteger()) {
        const auto number = value.convert<long long>();
        if (number != 0 && number != 1) fail(field, "must be 0 (false) or 1 (true)");
        return number == 1;
    }
    if (!value.isBoolean()) fail(field, "must be true or false");
    return value.convert<bool>();
}

std::vector<std::string> JsonSection::strings(const std::string& field, bool required) {
    note(field, required ? "(none)" : "[]");
    if (!has(field)) {
        if (required) fail(field, "is missing");
        return {};
    }
    return stringArray(field, "must be an array of strings");
}

std::optional<std::string> JsonSection::optionalString(const std::string& field, const std::string& absent) {
    note(field, absent);
    if (!has(field)) return std::nullopt;
    if (!object_->get(field).isString()) fail(field, "must be a string");
    return object_->get(field).toString();
}

std::optional<int> JsonSection::optionalInteger(const std::string& field, int min, int max, const std::string& absent) {
    note(field, absent);
    if (!has(field)) return std::nullopt;
    return checkedInteger(field, min, max);
}

std::vector<std::string> JsonSection::stringOrStrings(const std::string& field) {
    note(field, "[]");
    if (!has(field)) return {};
    if (object_->get(field).isString()) return {object_->get(field).toString()};
    return stringArray(field, "must be a string or an array of strings");
}

std::vector<std::pair<std::string, std::string>> JsonSection::stringMap(const std::string& field) {
    note(field, "{}");
    if (!has(field)) return {};
    const auto object = object_->getObject(field);
    if (!object) fail(field, "must be an object whose values are strings");
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& [name, value] : *object) {
        if (!value.isString()) fail(field + "." + name, "must be a string");
        pairs.emplace_back(name, value.toString());
    }
    return pairs;
}

std::set<std::string> JsonSection::nonEmptyStringSet(const std::string& field, const std::set<std::string>& fallback) {
    std::string fallbackText;
    for (const auto& value : fallback) fallbackText += (fallbackText.empty() ? "[\"" : "\", \"") + value;
    note(field, fallbackText.empty() ? "[]" : fallbackText + "\"]");
    if (!has(field)) return fallback;
    const std::string problem = "must be a non-empty array of strings";
    const std::vector<std::string> values = stringArray(field, problem);
    if (values.empty()) fail(field, problem);
    return {values.begin(), values.end()};
}

std::vector<std::string> JsonSection::stringArray(const std::string& field, const std::string& problem) {
    const auto array = object_->getArray(field);
    if (!array) fail(field, problem);
    std::vector<std::string> values;
    for (std::size_t i = 0; i < array->size(); ++i) {
        if (!array->get(i).isString()) fail(field, problem);
        values.push_back(array->get(i).toString());
    }
    return values;
}

JsonSection JsonSection::child(const std::string& field) {
    if (!has(field)) return JsonSection(nullptr, qualified(field), file_, trail_);
    auto object = object_->getObject(field);
    if (!object) fail(field, "must be an object");
    return JsonSection(object, qualified(field), file_, trail_);
}

void JsonSection::rejectUnknown() const {
    if (!object_) return;
    for (const auto& [name, value] : *object_) {
        if (!known_.count(name)) fail(name, "is not a known setting");
    }
}

std::string JsonSection::qualified(const std::string& field) const {
    return path_.empty() ? field : path_ + "." + field;
}

}  // namespace deskauth
