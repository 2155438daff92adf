#include "storage/DecodeOrDiscard.h"

#include "errors/Errors.h"
#include "log/Log.h"

namespace deskauth {

TokenSet decodeOrDiscard(std::string& document, const std::string& storeName,
                         const std::function<void()>& remove, Poco::Logger& logger) {
    try {
        TokenSet tokens = decodeTokenSet(document);
        wipe(document);
        return tokens;
    } catch (const CorruptTokenEntry& e) {
        wipe(document);
        discardCorruptEntry(e, storeName, remove, logger);
        throw;
    }
}

void discardCorruptEntry(const CorruptTokenEntry& corrupt, const std::string& storeName,
                         const std::function<void()>& remove, Poco::Logger& logger) {
    logger.warning("discarding the saved session in %s (error %s): %s", storeName, corrupt.id(), corrupt.details());
    try {
        remove();
    } catch (const StorageError& removeError) {
        log::error(logger, removeError);
    }
}

}  // namespace deskauth
