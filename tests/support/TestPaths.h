#pragma once
// Where the tests find the repository, node and the development certificates.
#include <string>

namespace deskauth::test {

std::string sourceDir();
// `path` written as this platform writes a path (Poco::Path: `\` between the parts on Windows, as
// the code gives a path a Windows user sees), for comparing with what the code made.
std::string nativePath(const std::string& path);
std::string nodeExecutable();
// The development CA folder, created with scripts/dev-certs when missing.
std::string devCertsDir();
// A desktop Configuration JSON for `authority` with the repository's pages and dev CA.
std::string desktopConfigJson(const std::string& authority, const std::string& apiBaseUrl = "https://127.0.0.1:1/api",
                              int firstPort = 8001, int lastPort = 8003, int loginTimeoutSeconds = 60);

}  // namespace deskauth::test
