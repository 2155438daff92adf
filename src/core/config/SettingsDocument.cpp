#include "config/SettingsDocument.h"

#include "errors/Errors.h"

#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <set>
#include <vector>

namespace deskauth {
namespace {

struct RepeatedKey {
    std::string path;
};

// POCO's own handler, told each object's keys as they come so that a second copy is refused.
class UniqueKeyHandler final : public Poco::JSON::ParseHandler {
public:
    void reset() override {
        ParseHandler::reset();
        objects_.clear();
    }
    void startObject() override {
        objects_.emplace_back();
        ParseHandler::startObject();
    }
    void endObject() override {
        objects_.pop_back();
        ParseHandler::endObject();
    }
    void key(const std::string& name) override {
        Object& current = objects_.back();
        if (!current.keys.insert(name).second) throw RepeatedKey{pathTo(name)};
        current.lastKey = name;
        ParseHandler::key(name);
    }

private:
    struct Object {
        std::set<std::string> keys;
        std::string lastKey;
    };

    std::string pathTo(const std::string& name) const {
        std::string path;
        for (std::size_t i = 0; i + 1 < objects_.size(); ++i) path += objects_[i].lastKey + ".";
        return path + name;
    }

    std::vector<Object> objects_;
};

// What the document holds when it does not start with '{', by its first character (POCO's parser
// refuses a scalar at the top level with "Attempt to set value on an empty stack").
std::string topLevelKind(const std::string& json) {
    const auto first = json.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "an empty file";
    switch (json[first]) {
    case '{': return {};
    case '[': return "an array";
    case '"': return "a string";
    case 't':
    case 'f': return "a boolean";
    case 'n': return "null";
    default: return (json[first] == '-' || (json[first] >= '0' && json[first] <= '9')) ? "a number" : std::string{};
    }
}

}  // namespace

Poco::JSON::Object::Ptr parseSettingsDocument(const std::string& json, const std::string& file) {
    if (const std::string kind = topLevelKind(json); !kind.empty()) {
        throw ConfigurationError(file, "(JSON)", "must be one JSON object { ... } at the top level, not " + kind);
    }
    Poco::Dynamic::Var root;
    try {
        Poco::JSON::Parser parser(new UniqueKeyHandler);
        root = parser.parse(json);
    } catch (const RepeatedKey& repeated) {
        throw ConfigurationError(file, repeated.path, "is given more than once (keep one of them)");
    } catch (const Poco::Exception& e) {
        throw ConfigurationError(file, "(JSON)", "is not valid JSON: " + e.message());
    }
    if (root.type() != typeid(Poco::JSON::Object::Ptr)) {  // not reached after topLevelKind(); kept as the guard
        throw ConfigurationError(file, "(JSON)", "must be one JSON object { ... } at the top level");
    }
    return root.extract<Poco::JSON::Object::Ptr>();
}

}  // namespace deskauth
