#include "KeyringTestSupport.h"

#include "oauth/SecureRandom.h"
#include "storage/SecretServiceTokenStore.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <stdexcept>

namespace deskauth::test {

std::string keyringRoot() {
    if (!Poco::Environment::has("DESKAUTH_KEYRING_ROOT")) {
        throw std::runtime_error("DESKAUTH_KEYRING_ROOT is not set: run this binary through tests/support/with-keyring");
    }
    return Poco::Environment::get("DESKAUTH_KEYRING_ROOT");
}

std::string keyringTestLogFile() { return keyringRoot() + "/deskauth-tests.log"; }

std::size_t countInLog(const std::string& text) {
    std::ifstream in(keyringTestLogFile());
    std::stringstream all;
    all << in.rdbuf();
    const std::string log = all.str();
    std::size_t count = 0;
    for (auto at = log.find(text); at != std::string::npos; at = log.find(text, at + text.size())) ++count;
    return count;
}

ProcessResult runProcess(const std::vector<std::string>& argv, const std::string& input) {
    Poco::Pipe in, out, err;
    Poco::ProcessHandle handle =
        Poco::Process::launch(argv.at(0), std::vector<std::string>(argv.begin() + 1, argv.end()), &in, &out, &err);
    if (!input.empty()) in.writeBytes(input.data(), static_cast<int>(input.size()));
    in.close(Poco::Pipe::CLOSE_WRITE);
    // Both pipes drain at once, so a chatty child cannot block on a full stderr.
    auto errText = std::async(std::launch::async, [&err] {
        Poco::PipeInputStream stream(err);
        std::string text;
        Poco::StreamCopier::copyToString(stream, text);
        return text;
    });
    ProcessResult result;
    Poco::PipeInputStream outStream(out);
    Poco::StreamCopier::copyToString(outStream, result.out);
    result.err = errText.get();
    result.exitCode = handle.wait();
    return result;
}

std::vector<std::string> childCommand(const std::vector<std::string>& childArgs) {
    std::vector<std::string> argv = {std::filesystem::read_symlink("/proc/self/exe").string(), "--child"};
    argv.insert(argv.end(), childArgs.begin(), childArgs.end());
    return argv;
}

std::string withKeyringScript() { return DESKAUTH_WITH_KEYRING; }

std::vector<std::string> entryAttributes(const std::string& authority, const std::string& clientId) {
    return {"app", "deskauth", "authority", authority, "client_id", clientId};
}

void writeRawEntry(const std::string& authority, const std::string& clientId, const std::string& secret,
                   bool withOurSchema) {
    std::vector<std::string> argv = {"secret-tool", "store", "--label=written by a test"};
    if (withOurSchema) argv.insert(argv.end(), {"xdg:schema", SecretServiceTokenStore::kSchemaName});
    for (const auto& a : entryAttributes(authority, clientId)) argv.push_back(a);
    const ProcessResult result = runProcess(argv, secret);
    if (result.exitCode != 0) throw std::runtime_error("secret-tool store failed: " + result.err);
}

bool rawEntryExists(const std::string& authority, const std::string& clientId, bool withOurSchema) {
    std::vector<std::string> argv = {"secret-tool", "search", "--all"};
    if (withOurSchema) argv.insert(argv.end(), {"xdg:schema", SecretServiceTokenStore::kSchemaName});
    for (const auto& a : entryAttributes(authority, clientId)) argv.push_back(a);
    // secret-tool search prints a "[/path]" block per match on stdout, its attributes on stderr.
    const ProcessResult result = runProcess(argv);
    return result.out.find("[/") != std::string::npos &&
           result.err.find("attribute.client_id = " + clientId + "\n") != std::string::npos;
}

TokenSet uniqueTokens(const std::string& tag) {
    TokenSet tokens;
    tokens.accessToken = "at-" + tag + "-" + randomUrlSafeString(24);
    tokens.refreshToken = "rt-" + tag + "-" + randomUrlSafeString(24);
    tokens.idToken = "it-" + tag + "-" + randomUrlSafeString(24);
    tokens.scope = "openid offline_access";
    tokens.accessTokenExpiresAt = std::chrono::system_clock::time_point(std::chrono::seconds(2'000'000'000));
    return tokens;
}

std::vector<std::string> filesContaining(const std::string& root, const std::vector<std::string>& secrets) {
    std::vector<std::string> hits;
    std::vector<Poco::File> pending = {Poco::File(root)};
    while (!pending.empty()) {
        Poco::File dir = pending.back();
        pending.pop_back();
        for (Poco::DirectoryIterator it(dir), end; it != end; ++it) {
            if (it->isLink()) continue;
            if (it->isDirectory()) {
                pending.push_back(*it);
                continue;
            }
            if (!it->isFile()) continue;  // sockets (D-Bus, keyring control)
            std::ifstream in(it->path(), std::ios::binary);
            std::stringstream content;
            content << in.rdbuf();
            const std::string bytes = content.str();
            for (const auto& secret : secrets) {
                if (secret.empty()) continue;
                if (bytes.find(secret.substr(0, 16)) != std::string::npos) hits.push_back(it->path() + ": " + secret.substr(0, 6) + "...");
            }
        }
    }
    return hits;
}

}  // namespace deskauth::test
