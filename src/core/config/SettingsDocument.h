#pragma once
// The JSON text of a settings file (desktop.json, api.json) as its top-level object. Stricter than
// the JSON parser alone: a key given twice in one object is refused by its dotted path (RFC 8259
// §4 only says names SHOULD be unique, and the parser keeps the last copy, so an edit at the top
// of a file could be silently undone by a forgotten line below), and a top level that is not an
// object is said to be so in words. Shared by the app's Configuration and the API's ApiConfiguration.
// Threads: pure; any thread.
#include <Poco/JSON/Object.h>

#include <string>

namespace deskauth {

// Throws ConfigurationError (field "(JSON)", or the repeated key's dotted path) naming `file`.
Poco::JSON::Object::Ptr parseSettingsDocument(const std::string& json, const std::string& file);

}  // namespace deskauth
