#pragma once
// Reading JSON bodies from servers we do not fully trust: anything that is not the expected shape
// becomes a ProtocolError naming what was expected, never a crash.
// Threads: pure functions; any thread.
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace deskauth::json {

// Throws ProtocolError(code) when `body` is not a JSON object.
Poco::JSON::Object::Ptr parseObject(const std::string& body, const std::string& code);

// The string value of `field`, or nullopt when absent, null or not a string.
std::optional<std::string> optionalString(const Poco::JSON::Object& object, const std::string& field);

// Throws ProtocolError(code) when absent or not a non-empty string.
std::string requiredString(const Poco::JSON::Object& object, const std::string& field, const std::string& code);

// A numeric claim (exp, iat, nbf, expires_in) as seconds, or nullopt.
std::optional<long long> optionalNumber(const Poco::JSON::Object& object, const std::string& field);

}  // namespace deskauth::json
