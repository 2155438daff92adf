#include "log/Log.h"

#include "errors/Errors.h"
#include "log/AsyncLogChannel.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/PatternFormatter.h>
#include <Poco/SplitterChannel.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <string_view>

namespace deskauth::log {
namespace {

// The queue in front of the channels configure() set up last; shutdown() closes it.
std::mutex writerMutex;
AsyncLogChannel::Ptr writer;

}  // namespace

int parseLevel(const std::string& level) {
    if (level == "info") return Poco::Message::PRIO_INFORMATION;
    if (level == "warn") return Poco::Message::PRIO_WARNING;
    try {
        return Poco::Logger::parseLevel(level);
    } catch (const Poco::InvalidArgumentException&) {
        throw std::invalid_argument("unknown log level '" + level +
                                    "' (use error, warning, info, debug or trace)");
    }
}

void configure(const std::string& level, const std::string& file) {
    Poco::AutoPtr<Poco::SplitterChannel> splitter(new Poco::SplitterChannel);
    splitter->addChannel(new Poco::ConsoleChannel(std::cerr));
    if (!file.empty()) {
        Poco::AutoPtr<Poco::FileChannel> fileChannel(new Poco::FileChannel(file));
        fileChannel->setProperty("rotation", "5 M");
        fileChannel->setProperty("archive", "number");
        fileChannel->setProperty("purgeCount", "3");
        splitter->addChannel(fileChannel);
    }
    Poco::AutoPtr<Poco::PatternFormatter> formatter(
        new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S.%iZ %q %s: %t"));
    Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, splitter));
    // Formatting and writing happen on the queue's writer thread, off the threads that log.
    AsyncLogChannel::Ptr queued(new AsyncLogChannel(channel));
    queued->open();
    const int priority = parseLevel(level);
    Poco::Logger::get("deskauth");
    std::lock_guard lock(writerMutex);
    static const bool shutdownAtExit = std::atexit(shutdown) == 0;  // after Poco's loggers exist
    (void)shutdownAtExit;
    if (writer) writer->close();  // what the previous set-up queued goes out first
    writer = queued;
    // The static setters reach every existing "deskauth.*" logger too, not only the root.
    Poco::Logger::setChannel("deskauth", queued);
    Poco::Logger::setLevel("deskauth", priority);
}

void shutdown() {
    std::lock_guard lock(writerMutex);
    if (writer) writer->close();
}

Poco::Logger& get(const std::string& area) { return Poco::Logger::get("deskauth." + area); }

namespace {

bool containsIgnoringCase(const std::string& text, std::string_view lowerWord) {
    return std::search(text.begin(), text.end(), lowerWord.begin(), lowerWord.end(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           }) != text.end();
}

// Each pattern of redact() needs a literal: '=' or ':' before a parameter's value, "Bearer" or
// "Basic" (any case) before a credential, "eyJ" at the start of a JWT. Most texts (every request
// path of the API) have none, and skip the three regex passes (about 20 us a line).
bool mayHoldSecret(const std::string& text) {
    return text.find_first_of("=:") != std::string::npos || text.find("eyJ") != std::string::npos ||
           containsIgnoringCase(text, "bearer") || containsIgnoringCase(text, "basic");
}

}  // namespace

std::string redact(const std::string& text) {
    if (!mayHoldSecret(text)) return text;
    static const std::regex secretParameter(
        R"re(((?:^|[?&\s"'])(?:code|access_token|refresh_token|id_token|id_token_hint|code_verifier|client_secret|password|token|state|nonce)"?\s*[=:]\s*"?)[^&\s"',}]+)re",
        std::regex::icase);
    static const std::regex bearer(R"((Bearer|Basic)\s+[A-Za-z0-9\-._~+/=]+)", std::regex::icase);
    static const std::regex jwtLike(R"(eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)");
    std::string out = std::regex_replace(text, secretParameter, "$1[redacted]");
    out = std::regex_replace(out, bearer, "$1 [redacted]");
    out = std::regex_replace(out, jwtLike, "[redacted-jwt]");
    return out;
}

void error(Poco::Logger& logger, const Error& e) {
    logger.error("error %s [%s/%s]: %s%s", e.id(), std::string(toString(e.kind())), e.code(),
                 e.userMessage(), e.details().empty() ? std::string() : " | " + redact(e.details()));
}

}  // namespace deskauth::log
