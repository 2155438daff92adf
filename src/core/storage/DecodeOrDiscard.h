#pragma once
// What every persistent store does with the document it read: decode it, or, when it cannot be
// used (CorruptTokenEntry), log why, remove the entry and rethrow, so that a bad entry costs one
// sign-in (and one notice to the user) instead of failing every start.
// Threads: called by a store while it holds its own lock; `remove` runs on the calling thread.
#include "tokens/TokenSet.h"
#include "storage/TokenSetCodec.h"

#include <Poco/Logger.h>

#include <functional>
#include <string>

namespace deskauth {

// Decodes `document` and wipes it either way. A corrupt document goes to discardCorruptEntry and
// its CorruptTokenEntry is rethrown: the entry is gone, the next load finds nothing.
// `storeName` completes "the saved session in …" ("the Secret Service").
TokenSet decodeOrDiscard(std::string& document, const std::string& storeName,
                         const std::function<void()>& remove, Poco::Logger& logger);

// Logs `corrupt` at warning level and calls `remove`; a StorageError from `remove` is logged, not
// thrown, because the caller goes on to throw `corrupt` anyway.
void discardCorruptEntry(const CorruptTokenEntry& corrupt, const std::string& storeName,
                         const std::function<void()>& remove, Poco::Logger& logger);

}  // namespace deskauth
