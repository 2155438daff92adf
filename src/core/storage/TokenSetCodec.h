#pragma once
// TokenSet <-> the versioned JSON document that every persistent store keeps as its one secret:
//   {"v":1,"access_token":"…","refresh_token":"…","id_token":"…","expires_at":1700000000,"scope":"…",
//    "token_type":"DPoP","dpop_key":"-----BEGIN PRIVATE KEY-----…"}
// token_type and dpop_key (RFC 9449) came later within version 1: an entry without them is a
// bearer session (token_type "Bearer", no key), and builds that do not know them ignore them.
// expires_at is Unix time in whole seconds (0 = unknown). Decoding refuses anything else — not JSON,
// not ours, a version from another DeskAuth release, missing or mistyped fields — with
// CorruptTokenEntry, whose message and details never quote the input (it may hold tokens).
// Threads: pure functions, safe from any thread.
#include "errors/Errors.h"
#include "tokens/TokenSet.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace deskauth {

inline constexpr int kTokenSetFormatVersion = 1;
// Far above any real token set (a few KB); larger entries are not ours.
inline constexpr std::size_t kMaxTokenSetDocumentSize = std::size_t{64} * 1024;

// A stored entry that cannot be used. Stores remove such an entry and throw this (DecodeOrDiscard).
class CorruptTokenEntry : public StorageError {
public:
    enum class Reason {
        NotJson,         // unreadable: garbage, truncated, binary
        Foreign,         // JSON, but not a DeskAuth token document (no integer "v")
        UnknownVersion,  // a DeskAuth document of a format version this build does not know
        InvalidField,    // our version, but a field is missing or has the wrong type
        TooLarge,        // larger than kMaxTokenSetDocumentSize
    };
    CorruptTokenEntry(Reason reason, const std::string& details);
    Reason reason() const { return reason_; }

private:
    Reason reason_;
};

const char* toString(CorruptTokenEntry::Reason reason);

std::string encodeTokenSet(const TokenSet& tokens);
// Throws CorruptTokenEntry.
TokenSet decodeTokenSet(std::string_view document);

// Overwrites a string that held secrets before it is released. Best effort: copies made by the
// JSON library or the secret store's client library are not reached.
void wipe(std::string& secret);

}  // namespace deskauth
