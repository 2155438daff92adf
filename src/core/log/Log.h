#pragma once
// Logging for the whole product, on top of Poco::Logger ("deskauth" hierarchy). Levels come from
// config or --log-level. Anything that might hold a secret goes through redact() first: tokens,
// authorization codes, verifiers and passwords never reach a log at any level.
// Lines go through a bounded in-memory queue (AsyncLogChannel) to one writer thread, which
// formats them and writes stderr and the file: logging never waits for a disk or a terminal.
// Threads: configure() and shutdown() on the main thread (start, end); loggers and redact() are
// thread-safe.
#include <Poco/Logger.h>

#include <string>

namespace deskauth {

class Error;

namespace log {

// Sets up the root "deskauth" logger: stderr, plus a file when `file` is not empty.
// level: "error", "warning", "information"/"info", "debug", "trace".
// Lines still queued from an earlier configure() are written first. Throws std::invalid_argument
// for an unknown level.
void configure(const std::string& level, const std::string& file = {});

// Writes every queued line, reports dropped ones ("N log lines dropped ...") and stops the writer
// thread; lines logged afterwards are written by the thread that logs them. Call at the end of
// main; it also runs at exit.
void shutdown();

// Throws std::invalid_argument for an unknown level name.
int parseLevel(const std::string& level);

Poco::Logger& get(const std::string& area);

// Removes the values of secret-bearing parameters and bearer credentials from a URL, query,
// header or JSON text: code=, access_token=, refresh_token=, id_token=, code_verifier=,
// client_secret=, password=, "Authorization: Bearer ...", and any JWT-looking string.
std::string redact(const std::string& text);

// Logs an error with its ID and details, at error level.
void error(Poco::Logger& logger, const Error& error);

}  // namespace log
}  // namespace deskauth
