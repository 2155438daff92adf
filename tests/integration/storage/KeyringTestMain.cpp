// main() of deskauth_keyring_tests, which with-keyring runs on a private GNOME Keyring. The same
// binary also serves as the child process of some tests (`--child <mode> ...`), because what they
// prove needs another process: another D-Bus environment (no bus, a locked keyring) or a second
// DeskAuth instance writing the same entry.
//
//   --child choose <storage.backend> [lock]   chooseTokenStore() and report the choice (after
//                                             locking the default keyring when "lock")
//   --child save-loop <client id> <tag> <n>   save n token sets, each consistent in itself
#include "KeyringTestSupport.h"

#include "config/Configuration.h"
#include "log/Log.h"
#include "storage/SecretServiceTokenStore.h"
#include "storage/TokenStoreFactory.h"

#include <gtest/gtest.h>
#include <libsecret/secret.h>

#include <iostream>

using namespace deskauth;

namespace {

constexpr const char* kChildAuthority = "https://127.0.0.1:9/keyring-child";

// What a user declining the unlock prompt leaves behind: a locked default keyring.
void lockDefaultKeyring() {
    GError* error = nullptr;
    SecretService* service = secret_service_get_sync(SECRET_SERVICE_NONE, nullptr, &error);
    SecretCollection* collection =
        service ? secret_collection_for_alias_sync(service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE, nullptr, &error)
                : nullptr;
    if (!collection) throw std::runtime_error(std::string("no default keyring to lock: ") + (error ? error->message : "?"));
    GList* objects = g_list_append(nullptr, collection);
    const gint locked = secret_service_lock_sync(service, objects, nullptr, nullptr, &error);
    g_list_free(objects);
    g_object_unref(collection);
    g_object_unref(service);
    if (locked != 1) throw std::runtime_error("could not lock the default keyring");
    std::cout << "locked=1\n";
}

int chooseChild(const std::vector<std::string>& args) {
    Configuration config;
    config.sourceFile = "keyring-child.json";
    config.oauth.authority = kChildAuthority;
    config.oauth.clientId = "deskauth-keyring-child";
    config.storage.backend = args.at(0);
    if (args.size() > 1 && args[1] == "lock") lockDefaultKeyring();

    const auto started = std::chrono::steady_clock::now();
    // Short prompt timeout: should a prompter ever appear here, the test fails instead of hanging.
    TokenStoreChoice choice = chooseTokenStore(config, {std::chrono::milliseconds(3000), std::chrono::milliseconds(10000)});
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    std::cout << "store=" << choice.store->name() << "\npersistent=" << choice.store->persistent() << "\nms=" << ms.count()
              << "\n";
    if (choice.fallbackNotice) {
        std::cout << "notice.id=" << choice.fallbackNotice->id() << "\nnotice.message=" << choice.fallbackNotice->userMessage()
                  << "\nnotice.details=" << choice.fallbackNotice->details() << "\n";
    }
    // The session still works for this run, whatever the store.
    const TokenSet tokens = test::uniqueTokens("child");
    choice.store->save(tokens);
    const auto loaded = choice.store->load();
    std::cout << "works=" << (loaded && loaded->refreshToken == tokens.refreshToken) << "\n";
    choice.store->clear();
    return 0;
}

int saveLoopChild(const std::vector<std::string>& args) {
    SecretServiceTokenStore store(kChildAuthority, args.at(0));
    const std::string tag = args.at(1);
    const int count = std::stoi(args.at(2));
    for (int i = 0; i < count; ++i) {
        const std::string suffix = tag + "-" + std::to_string(i);
        TokenSet tokens;
        tokens.accessToken = "at-" + suffix;
        tokens.refreshToken = "rt-" + suffix;
        tokens.idToken = "it-" + suffix;
        tokens.scope = "openid";
        store.save(tokens);
    }
    std::cout << "saved=" << count << "\n";
    return 0;
}

int runChild(const std::vector<std::string>& args) {
    try {
        log::configure("information");  // stderr, which the parent reads
        if (args.at(0) == "choose") return chooseChild({args.begin() + 1, args.end()});
        if (args.at(0) == "save-loop") return saveLoopChild({args.begin() + 1, args.end()});
        std::cerr << "unknown child mode " << args.at(0) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "child failed: " << e.what() << "\n";
    }
    return 3;
}

}  // namespace

// Under LeakSanitizer (the asan preset): libsecret 0.20.5 leaks 8 bytes per prompt proxy it fails to
// set up, which happens on purpose in the no-keyring fallback case. Not ours, so suppressed by its
// frame. Seeing that frame through GLib (built without frame pointers) needs the slow unwinder,
// which makes every allocation 10-40 times dearer, so only the fallback cases' child processes use
// it (FallbackTest.cpp sets fast_unwind_on_malloc=0 for them); the rest of the binary unwinds fast.
extern "C" const char* __lsan_default_suppressions() { return "leak:_secret_prompt_instance\n"; }

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "--child") return runChild({args.begin() + 1, args.end()});
    ::testing::InitGoogleTest(&argc, argv);
    try {
        log::configure("debug", test::keyringTestLogFile());
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    return RUN_ALL_TESTS();
}
