#include "http/JsonBody.h"

#include "errors/Errors.h"

#include <Poco/JSON/Parser.h>

namespace deskauth::json {

Poco::JSON::Object::Ptr parseObject(const std::string& body, const std::string& code) {
    try {
        auto result = Poco::JSON::Parser().parse(body);
        if (result.type() == typeid(Poco::JSON::Object::Ptr)) {
            return result.extract<Poco::JSON::Object::Ptr>();
        }
    } catch (const Poco::Exception&) {
    }
    throw ProtocolError(code, "expected a JSON object, got " + std::to_string(body.size()) + " bytes of something else");
}

std::optional<std::string> optionalString(const Poco::JSON::Object& object, const std::string& field) {
    if (!object.has(field) || object.isNull(field)) return std::nullopt;
    auto value = object.get(field);
    if (!value.isString()) return std::nullopt;
    return value.toString();
}

std::string requiredString(const Poco::JSON::Object& object, const std::string& field, const std::string& code) {
    auto value = optionalString(object, field);
    if (!value || value->empty()) throw ProtocolError(code, "missing or non-string field '" + field + "'");
    return *value;
}

std::optional<long long> optionalNumber(const Poco::JSON::Object& object, const std::string& field) {
    if (!object.has(field) || object.isNull(field)) return std::nullopt;
    auto value = object.get(field);
    if (!value.isNumeric() || value.isString()) return std::nullopt;
    try {
        return value.convert<long long>();
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

}  // namespace deskauth::json
