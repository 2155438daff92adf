#include "storage/SecretServiceTokenStore.h"

#include "errors/Errors.h"
#include "log/Log.h"
#include "storage/DecodeOrDiscard.h"
#include "storage/SessionBus.h"
#include "storage/TokenSetCodec.h"

#include <libsecret/secret.h>

#include <condition_variable>
#include <memory>
#include <thread>

namespace deskauth {

namespace {

Poco::Logger& secretServiceTokenStoreLog() { return log::get("storage"); }

const SecretSchema* tokenSchema() {
    // SECRET_SCHEMA_NONE: lookups also match xdg:schema, so items of other programs that happen to
    // use the same attribute names are never read, replaced or deleted.
    static const SecretSchema schema = [] {
        SecretSchema s{};
        s.name = SecretServiceTokenStore::kSchemaName;
        s.flags = SECRET_SCHEMA_NONE;
        s.attributes[0] = {"app", SECRET_SCHEMA_ATTRIBUTE_STRING};
        s.attributes[1] = {"authority", SECRET_SCHEMA_ATTRIBUTE_STRING};
        s.attributes[2] = {"client_id", SECRET_SCHEMA_ATTRIBUTE_STRING};
        return s;
    }();
    return &schema;
}

// The attributes naming our item. The strings must outlive the table (it does not copy them).
class Attributes {
public:
    Attributes(const std::string& authority, const std::string& clientId)
        : table_(g_hash_table_new(g_str_hash, g_str_equal)) {
        g_hash_table_insert(table_, const_cast<char*>("app"), const_cast<char*>("deskauth"));
        g_hash_table_insert(table_, const_cast<char*>("authority"), const_cast<char*>(authority.c_str()));
        g_hash_table_insert(table_, const_cast<char*>("client_id"), const_cast<char*>(clientId.c_str()));
    }
    ~Attributes() { g_hash_table_unref(table_); }
    Attributes(const Attributes&) = delete;
    Attributes& operator=(const Attributes&) = delete;
    GHashTable* get() const { return table_; }

private:
    GHashTable* table_;
};

// A GCancellable that cancels itself after `timeout`, so that a hung service or an unanswered
// prompt cannot block the caller forever. libsecret's *_sync calls honour a cancel from another
// thread (and dismiss a prompt they opened).
class Deadline {
public:
    explicit Deadline(std::chrono::milliseconds timeout)
        : timeout_(timeout), cancellable_(g_cancellable_new()), watcher_([this] { watch(); }) {}
    ~Deadline() {
        {
            std::lock_guard lock(mutex_);
            finished_ = true;
        }
        changed_.notify_all();
        watcher_.join();
        g_object_unref(cancellable_);
    }
    Deadline(const Deadline&) = delete;
    Deadline& operator=(const Deadline&) = delete;

    GCancellable* cancellable() const { return cancellable_; }
    bool expired() const { return g_cancellable_is_cancelled(cancellable_); }
    std::chrono::milliseconds timeout() const { return timeout_; }

private:
    void watch() {
        std::unique_lock lock(mutex_);
        if (!changed_.wait_for(lock, timeout_, [this] { return finished_; })) g_cancellable_cancel(cancellable_);
    }

    const std::chrono::milliseconds timeout_;
    GCancellable* const cancellable_;
    std::mutex mutex_;
    std::condition_variable changed_;
    bool finished_ = false;
    std::thread watcher_;  // last: starts once everything it uses exists
};

class GErrorHolder {
public:
    GErrorHolder() = default;
    ~GErrorHolder() { g_clear_error(&error_); }
    GErrorHolder(const GErrorHolder&) = delete;
    GErrorHolder& operator=(const GErrorHolder&) = delete;
    GError** out() { return &error_; }
    explicit operator bool() const { return error_ != nullptr; }
    // libsecret's and GDBus's messages name services, paths and states, never secret values.
    std::string describe() const {
        return std::string(g_quark_to_string(error_->domain)) + " " + std::to_string(error_->code) + ": " +
               error_->message;
    }

private:
    GError* error_ = nullptr;
};

// What went wrong with one call, for StorageError details and the fallback notice.
std::string failure(const char* call, const GErrorHolder& error, const Deadline& deadline) {
    std::string text = std::string(call) + ": ";
    if (deadline.expired()) return text + "no answer within " + std::to_string(deadline.timeout().count()) + " ms";
    if (error) return text + error.describe();
    return text + "refused without an error (a locked keyring or a declined prompt)";
}

template <typename T>
struct GObjectUnref {
    void operator()(T* object) const { g_object_unref(object); }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref<T>>;

}  // namespace

SecretServiceTokenStore::SecretServiceTokenStore(std::string authority, std::string clientId,
                                                 SecretServiceTimeouts timeouts)
    : authority_(std::move(authority)), clientId_(std::move(clientId)), timeouts_(timeouts) {}

std::optional<std::string> SecretServiceTokenStore::unavailableReason() {
    std::lock_guard lock(mutex_);
    // Before libsecret's first call: without a bus, GDBus would autolaunch one (see SessionBus.h).
    if (auto missing = missingSessionBus()) return missing;
    GObjectPtr<SecretService> service;
    {
        Deadline deadline(timeouts_.connect);
        GErrorHolder error;
        service.reset(secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, deadline.cancellable(), error.out()));
        if (!service) return "no Secret Service: " + failure("connect", error, deadline);
    }
    GObjectPtr<SecretCollection> collection;
    {
        Deadline deadline(timeouts_.connect);
        GErrorHolder error;
        collection.reset(secret_collection_for_alias_sync(service.get(), SECRET_COLLECTION_DEFAULT,
                                                          SECRET_COLLECTION_NONE, deadline.cancellable(), error.out()));
        if (error || deadline.expired()) return failure("find the default keyring", error, deadline);
    }
    if (!collection) {
        // No default keyring yet. The first save would create it (the service asks the user for a
        // password); do that now, so that a refusal is known before the user signs in.
        Deadline deadline(timeouts_.userPrompt);
        GErrorHolder error;
        collection.reset(secret_collection_create_sync(service.get(), "Login", SECRET_COLLECTION_DEFAULT,
                                                       SECRET_COLLECTION_CREATE_NONE, deadline.cancellable(),
                                                       error.out()));
        if (!collection) return "there is no default keyring and it could not be created: " +
                                failure("create", error, deadline);
    }
    // Unlocking an unlocked collection succeeds at once without a prompt, so no stale "locked"
    // property has to be trusted.
    Deadline deadline(timeouts_.userPrompt);
    GErrorHolder error;
    GList* objects = g_list_append(nullptr, collection.get());
    const gint unlocked = secret_service_unlock_sync(service.get(), objects, deadline.cancellable(), nullptr, error.out());
    g_list_free(objects);
    if (unlocked < 1) return "the keyring is locked and was not unlocked: " + failure("unlock", error, deadline);
    return std::nullopt;
}

std::optional<TokenSet> SecretServiceTokenStore::load() {
    std::lock_guard lock(mutex_);
    Attributes attributes(authority_, clientId_);
    Deadline deadline(timeouts_.userPrompt);
    GErrorHolder error;
    SecretValue* value =
        secret_password_lookupv_binary_sync(tokenSchema(), attributes.get(), deadline.cancellable(), error.out());
    if (error || deadline.expired()) {
        if (value) secret_value_unref(value);
        throw StorageError("DeskAuth could not read your saved sign-in from the system keyring.",
                           failure("lookup", error, deadline));
    }
    // Nothing stored, or the keyring stayed locked (the user declined to unlock it).
    if (!value) return std::nullopt;
    // Binary lookup: a foreign item with another content type still reaches the codec (and is
    // discarded there) instead of looking like "nothing stored" forever.
    gsize length = 0;
    const gchar* bytes = secret_value_get(value, &length);
    std::string document(bytes, length);
    secret_value_unref(value);
    return decodeOrDiscard(document, "the Secret Service", [this] { clearLocked(); }, secretServiceTokenStoreLog());
}

void SecretServiceTokenStore::save(const TokenSet& tokens) {
    std::lock_guard lock(mutex_);
    std::string document = encodeTokenSet(tokens);
    Attributes attributes(authority_, clientId_);
    Deadline deadline(timeouts_.userPrompt);
    GErrorHolder error;
    // Replaces the item with the same attributes, if any, in one service call.
    const gboolean stored = secret_password_storev_sync(tokenSchema(), attributes.get(), SECRET_COLLECTION_DEFAULT,
                                                        kLabel, document.c_str(), deadline.cancellable(), error.out());
    wipe(document);
    if (!stored || error || deadline.expired()) {
        throw StorageError("DeskAuth could not save your sign-in in the system keyring; it will last until you quit.",
                           failure("store", error, deadline));
    }
}

void SecretServiceTokenStore::clear() {
    std::lock_guard lock(mutex_);
    clearLocked();
}

void SecretServiceTokenStore::clearLocked() {
    Attributes attributes(authority_, clientId_);
    Deadline deadline(timeouts_.userPrompt);
    GErrorHolder error;
    // FALSE without an error means there was nothing to delete.
    secret_password_clearv_sync(tokenSchema(), attributes.get(), deadline.cancellable(), error.out());
    if (error || deadline.expired()) {
        throw StorageError("DeskAuth could not remove your saved sign-in from the system keyring.",
                           failure("clear", error, deadline));
    }
}

}  // namespace deskauth
