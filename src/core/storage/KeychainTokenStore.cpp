#include "storage/KeychainTokenStore.h"

#if defined(__APPLE__)

#include "errors/Errors.h"
#include "log/Log.h"
#include "storage/DecodeOrDiscard.h"
#include "storage/TokenSetCodec.h"

#include <CoreFoundation/CoreFoundation.h>
#include <Security/Security.h>

#include <utility>

namespace deskauth {

namespace {

Poco::Logger& keychainTokenStoreLog() { return log::get("storage"); }

// Owns one Core Foundation reference.
template <typename T>
class CfRef {
public:
    explicit CfRef(T ref = nullptr) : ref_(ref) {}
    CfRef(CfRef&& other) noexcept : ref_(std::exchange(other.ref_, nullptr)) {}
    CfRef& operator=(CfRef&&) = delete;
    CfRef(const CfRef&) = delete;
    ~CfRef() {
        if (ref_) CFRelease(ref_);
    }
    T get() const { return ref_; }

private:
    T ref_;
};

CfRef<CFStringRef> cfString(const std::string& text) {
    return CfRef<CFStringRef>(CFStringCreateWithBytes(kCFAllocatorDefault, reinterpret_cast<const UInt8*>(text.data()),
                                                      static_cast<CFIndex>(text.size()), kCFStringEncodingUTF8, false));
}

// The attributes naming our item; each call adds what it needs.
CfRef<CFMutableDictionaryRef> itemQuery(const std::string& account) {
    CfRef<CFMutableDictionaryRef> query(CFDictionaryCreateMutable(kCFAllocatorDefault, 0, &kCFTypeDictionaryKeyCallBacks,
                                                                  &kCFTypeDictionaryValueCallBacks));
    const auto service = cfString(KeychainTokenStore::kService);
    const auto accountName = cfString(account);
    CFDictionarySetValue(query.get(), kSecClass, kSecClassGenericPassword);
    CFDictionarySetValue(query.get(), kSecAttrService, service.get());  // the dictionary retains values
    CFDictionarySetValue(query.get(), kSecAttrAccount, accountName.get());
    return query;
}

std::string describe(const char* call, OSStatus status) {
    std::string text = std::string(call) + " failed with OSStatus " + std::to_string(status);
    const CfRef<CFStringRef> message(SecCopyErrorMessageString(status, nullptr));
    char buffer[256];
    if (message.get() && CFStringGetCString(message.get(), buffer, sizeof buffer, kCFStringEncodingUTF8)) {
        text += " (" + std::string(buffer) + ")";
    }
    return text;
}

}  // namespace

KeychainTokenStore::KeychainTokenStore(const std::string& authority, const std::string& clientId)
    : account_(clientId + "@" + authority) {}

std::optional<std::string> KeychainTokenStore::unavailableReason() {
    std::lock_guard lock(mutex_);
    // Attributes only: reading them needs an unlocked keychain but never the item's access prompt.
    auto query = itemQuery(account_);
    CFDictionarySetValue(query.get(), kSecReturnAttributes, kCFBooleanTrue);
    CFTypeRef result = nullptr;
    const OSStatus status = SecItemCopyMatching(query.get(), &result);
    const CfRef<CFTypeRef> owned(result);
    if (status == errSecSuccess || status == errSecItemNotFound) return std::nullopt;
    return describe("SecItemCopyMatching", status);
}

std::optional<TokenSet> KeychainTokenStore::load() {
    std::lock_guard lock(mutex_);
    auto query = itemQuery(account_);
    CFDictionarySetValue(query.get(), kSecReturnData, kCFBooleanTrue);
    CFDictionarySetValue(query.get(), kSecMatchLimit, kSecMatchLimitOne);
    CFTypeRef result = nullptr;
    const OSStatus status = SecItemCopyMatching(query.get(), &result);
    const CfRef<CFTypeRef> owned(result);
    // Not there, or the user refused DeskAuth access to it: nothing usable is stored.
    if (status == errSecItemNotFound || status == errSecUserCanceled || status == errSecAuthFailed) return std::nullopt;
    if (status != errSecSuccess) {
        throw StorageError("DeskAuth could not read your saved sign-in from the keychain.",
                           describe("SecItemCopyMatching", status));
    }
    std::string document;
    if (result && CFGetTypeID(result) == CFDataGetTypeID()) {
        const auto data = static_cast<CFDataRef>(result);
        if (CFDataGetLength(data) > 0) {
            document.assign(reinterpret_cast<const char*>(CFDataGetBytePtr(data)),
                            static_cast<std::size_t>(CFDataGetLength(data)));
        }
    }
    return decodeOrDiscard(document, "the keychain", [this] { clearLocked(); }, keychainTokenStoreLog());
}

void KeychainTokenStore::save(const TokenSet& tokens) {
    std::lock_guard lock(mutex_);
    std::string document = encodeTokenSet(tokens);
    const CfRef<CFDataRef> data(
        CFDataCreate(kCFAllocatorDefault, reinterpret_cast<const UInt8*>(document.data()), static_cast<CFIndex>(document.size())));
    wipe(document);
    const CfRef<CFMutableDictionaryRef> update(CFDictionaryCreateMutable(
        kCFAllocatorDefault, 0, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks));
    CFDictionarySetValue(update.get(), kSecValueData, data.get());

    OSStatus status = SecItemUpdate(itemQuery(account_).get(), update.get());
    if (status == errSecItemNotFound) {
        auto item = itemQuery(account_);
        const auto label = cfString(kLabel);
        CFDictionarySetValue(item.get(), kSecAttrLabel, label.get());
        CFDictionarySetValue(item.get(), kSecValueData, data.get());
        status = SecItemAdd(item.get(), nullptr);
        // Another DeskAuth process added it since our update: update theirs.
        if (status == errSecDuplicateItem) status = SecItemUpdate(itemQuery(account_).get(), update.get());
    }
    if (status != errSecSuccess) {
        throw StorageError("DeskAuth could not save your sign-in in the keychain; it will last until you quit.",
                           describe("SecItemUpdate/SecItemAdd", status));
    }
}

void KeychainTokenStore::clear() {
    std::lock_guard lock(mutex_);
    clearLocked();
}

void KeychainTokenStore::clearLocked() {
    const OSStatus status = SecItemDelete(itemQuery(account_).get());
    if (status != errSecSuccess && status != errSecItemNotFound) {
        throw StorageError("DeskAuth could not remove your saved sign-in from the keychain.",
                           describe("SecItemDelete", status));
    }
}

}  // namespace deskauth

#endif  // __APPLE__
