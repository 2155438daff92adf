#pragma once
// Shared pieces of the keyring integration tests, which run inside tests/support/with-keyring: the
// private keyring's folder, child processes (this binary's --child modes, secret-tool), unique
// sample tokens, and a search of files for leaked secrets.
#include "oauth/TokenSet.h"

#include <string>
#include <vector>

namespace deskauth::test {

// The folder with-keyring made (HOME and XDG_* are inside). Throws when not run through it.
std::string keyringRoot();
// Where main() sends the deskauth log (inside keyringRoot(), so leak searches cover it).
std::string keyringTestLogFile();
// Occurrences of `text` in the log so far.
std::size_t countInLog(const std::string& text);

struct ProcessResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};
// Runs argv[0] (looked up in PATH) with `input` on stdin; collects stdout and stderr.
ProcessResult runProcess(const std::vector<std::string>& argv, const std::string& input = {});
// argv that runs this test binary in a child mode (see KeyringTestMain.cpp).
std::vector<std::string> childCommand(const std::vector<std::string>& childArgs);
std::string withKeyringScript();

// secret-tool attributes that address the entry of SecretServiceTokenStore(authority, clientId).
std::vector<std::string> entryAttributes(const std::string& authority, const std::string& clientId);
// Writes `secret` under those attributes with secret-tool, as a foreign program (or a bug) would.
void writeRawEntry(const std::string& authority, const std::string& clientId, const std::string& secret,
                   bool withOurSchema = true);
// True when secret-tool finds an entry with exactly these attributes (any schema when !withOurSchema).
bool rawEntryExists(const std::string& authority, const std::string& clientId, bool withOurSchema = true);

// A token set of fresh random values, tagged so failures say which one leaked.
TokenSet uniqueTokens(const std::string& tag);
// "file: secret prefix" for every file under `root` that holds one of `secrets` (or its first 16
// characters). Empty when none does.
std::vector<std::string> filesContaining(const std::string& root, const std::vector<std::string>& secrets);

}  // namespace deskauth::test
