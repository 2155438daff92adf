#include "storage/TokenSetCodec.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <openssl/crypto.h>

#include <sstream>

namespace deskauth {

namespace {

std::string requireString(const Poco::JSON::Object& object, const char* field) {
    if (!object.has(field) || !object.get(field).isString()) {
        throw CorruptTokenEntry(CorruptTokenEntry::Reason::InvalidField,
                                std::string("field '") + field + "' is missing or not a string");
    }
    return object.get(field).extract<std::string>();
}

std::chrono::system_clock::time_point requireExpiry(const Poco::JSON::Object& object) {
    const auto value = object.has("expires_at") ? object.get("expires_at") : Poco::Dynamic::Var();
    if (value.isEmpty() || !value.isInteger() || value.isString()) {
        throw CorruptTokenEntry(CorruptTokenEntry::Reason::InvalidField, "field 'expires_at' is missing or not an integer");
    }
    const auto seconds = value.convert<Poco::Int64>();
    if (seconds < 0) {
        throw CorruptTokenEntry(CorruptTokenEntry::Reason::InvalidField, "field 'expires_at' is negative");
    }
    if (seconds == 0) return {};
    return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

// A field added within format version 1: absent gives `fallback`, present must be a string.
std::string optionalString(const Poco::JSON::Object& object, const char* field, const std::string& fallback) {
    if (!object.has(field)) return fallback;
    return requireString(object, field);
}

}  // namespace

CorruptTokenEntry::CorruptTokenEntry(Reason reason, const std::string& details)
    : StorageError("Your saved session could not be read and was removed. Please sign in again.",
                   std::string(toString(reason)) + ": " + details),
      reason_(reason) {}

const char* toString(CorruptTokenEntry::Reason reason) {
    switch (reason) {
    case CorruptTokenEntry::Reason::NotJson: return "not_json";
    case CorruptTokenEntry::Reason::Foreign: return "foreign_entry";
    case CorruptTokenEntry::Reason::UnknownVersion: return "unknown_version";
    case CorruptTokenEntry::Reason::InvalidField: return "invalid_field";
    case CorruptTokenEntry::Reason::TooLarge: return "too_large";
    }
    return "unknown";
}

std::string encodeTokenSet(const TokenSet& tokens) {
    const auto seconds = tokens.accessTokenExpiresAt == std::chrono::system_clock::time_point{}
                             ? 0
                             : std::chrono::duration_cast<std::chrono::seconds>(
                                   tokens.accessTokenExpiresAt.time_since_epoch()).count();
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    object.set("v", kTokenSetFormatVersion);
    object.set("access_token", tokens.accessToken);
    object.set("refresh_token", tokens.refreshToken);
    object.set("id_token", tokens.idToken);
    object.set("expires_at", static_cast<Poco::Int64>(seconds < 0 ? 0 : seconds));
    object.set("scope", tokens.scope);
    object.set("token_type", tokens.tokenType);
    if (!tokens.dpopKey.empty()) object.set("dpop_key", tokens.dpopKey);
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

TokenSet decodeTokenSet(std::string_view document) {
    using Reason = CorruptTokenEntry::Reason;
    if (document.size() > kMaxTokenSetDocumentSize) {
        throw CorruptTokenEntry(Reason::TooLarge, std::to_string(document.size()) + " bytes");
    }
    Poco::Dynamic::Var parsed;
    try {
        parsed = Poco::JSON::Parser().parse(std::string(document));
    } catch (const Poco::Exception&) {
        // The parser's message can quote the input, so only the size is reported.
        throw CorruptTokenEntry(Reason::NotJson, std::to_string(document.size()) + " bytes that are not JSON");
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
        throw CorruptTokenEntry(Reason::Foreign, "JSON that is not an object");
    }
    const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    const auto version = object->has("v") ? object->get("v") : Poco::Dynamic::Var();
    if (version.isEmpty() || !version.isInteger() || version.isString()) {
        throw CorruptTokenEntry(Reason::Foreign, "a JSON object without an integer 'v'");
    }
    try {
        if (const auto v = version.convert<Poco::Int64>(); v != kTokenSetFormatVersion) {
            throw CorruptTokenEntry(Reason::UnknownVersion, "format version " + std::to_string(v) +
                                                                ", this build reads " +
                                                                std::to_string(kTokenSetFormatVersion));
        }
        TokenSet tokens;
        tokens.accessToken = requireString(*object, "access_token");
        tokens.refreshToken = requireString(*object, "refresh_token");
        tokens.idToken = requireString(*object, "id_token");
        tokens.scope = requireString(*object, "scope");
        tokens.accessTokenExpiresAt = requireExpiry(*object);
        tokens.tokenType = optionalString(*object, "token_type", "Bearer");
        tokens.dpopKey = optionalString(*object, "dpop_key", "");
        if (tokens.tokenType != "Bearer" && tokens.tokenType != "DPoP") {
            throw CorruptTokenEntry(Reason::InvalidField, "field 'token_type' is neither Bearer nor DPoP");
        }
        if (tokens.tokenType == "DPoP" && tokens.dpopKey.empty()) {
            throw CorruptTokenEntry(Reason::InvalidField, "a DPoP session without its key");
        }
        if (tokens.empty()) throw CorruptTokenEntry(Reason::InvalidField, "neither an access token nor a refresh token");
        return tokens;
    } catch (const Poco::Exception&) {
        // A number that does not fit (e.g. "v" or "expires_at" beyond 2^63): POCO's RangeException.
        throw CorruptTokenEntry(Reason::InvalidField, "a number out of range");
    }
}

void wipe(std::string& secret) {
    if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
    secret.clear();
}

}  // namespace deskauth
