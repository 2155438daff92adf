// deskauth-api: the sample protected API. Reads config/api.json (or --config), serves HTTPS on
// 127.0.0.1, prints exactly one stdout line when ready, logs to stderr (through the log's queue,
// written out before it exits), and exits 0 on SIGTERM/SIGINT, 1 for bad options/configuration,
// 2 when the port is in use.
#include "ApiApplication.h"
#include "ApiConfiguration.h"
#include "CommandLine.h"

#include "errors/Errors.h"
#include "log/Log.h"

#include <csignal>
#include <iostream>

#ifdef _WIN32
#include <Poco/Event.h>
#include <windows.h>
#else
#include <pthread.h>
#endif

using namespace deskauth;
using namespace deskauth::api;

namespace {

void applyOverrides(ApiConfiguration& config, const CommandLine& line) {
    if (line.port) config.server.port = *line.port;
    if (line.issuer) {
        ApiConfiguration::requireHttpsIssuer(*line.issuer, "--issuer");
        config.oauth.issuer = *line.issuer;
    }
    if (line.validation) config.oauth.validation = *line.validation;
    if (config.oauth.validation == "introspection" &&
        (config.oauth.introspectionClientId.empty() || config.oauth.introspectionClientSecret.empty())) {
        throw ConfigurationError(config.sourceFile, "oauth.introspection.clientId/clientSecret",
                                 "must be set for introspection");
    }
    if (line.logLevel) {
        try {
            log::parseLevel(*line.logLevel);
        } catch (const std::invalid_argument& e) {
            throw ConfigurationError("--log-level", "level", e.what());
        }
        config.log.level = *line.logLevel;
    }
}

#ifdef _WIN32
// Windows has no SIGTERM for console programs: Ctrl+C, Ctrl+Break and closing the console arrive
// as console control events, on a thread of their own, which may set an event for main to wait on.
Poco::Event stopRequested;
DWORD stopEvent = CTRL_C_EVENT;

BOOL WINAPI onConsoleEvent(DWORD event) {
    stopEvent = event;
    stopRequested.set();
    return TRUE;
}
#endif

}  // namespace

int main(int argc, char** argv) {
#ifdef _WIN32
    if (!::SetConsoleCtrlHandler(onConsoleEvent, TRUE)) return 1;
#else
    // SIGTERM/SIGINT are blocked in every thread (the server's threads inherit the mask) and taken
    // by sigwait below, so a stop request runs the normal shutdown instead of killing threads.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    if (std::signal(SIGPIPE, SIG_IGN) == SIG_ERR) return 1;  // a client that goes away must not kill the server
#endif

    CommandLine line;
    try {
        line = CommandLine::parse(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::invalid_argument& e) {
        std::cerr << "deskauth-api: " << e.what() << " (see --help)\n";
        return 1;
    }
    if (line.help) {
        std::cout << CommandLine::usage();
        return 0;
    }

    try {
        ApiConfiguration config = ApiConfiguration::load(line.configPath);
        applyOverrides(config, line);
        log::configure(config.log.level, config.log.file);
        Poco::Logger& logger = log::get("api");

        ApiApplication app(config, line.testEndpoints);
        app.start();
        std::cout << "deskauth-api listening on https://127.0.0.1:" << app.port() << std::endl;
        logger.information("listening on https://127.0.0.1:%d issuer=%s audience=%s validation=%s data=%s",
                           app.port(), config.oauth.issuer, config.oauth.audience, config.oauth.validation,
                           config.data.directory);

#ifdef _WIN32
        stopRequested.wait();
        logger.information("stopping (%s)", std::string(stopEvent == CTRL_C_EVENT ? "Ctrl+C" : "console event"));
#else
        int received = 0;
        sigwait(&stopSignals, &received);
        logger.information("stopping (%s)", std::string(received == SIGINT ? "SIGINT" : "SIGTERM"));
#endif
        app.stop();
        logger.information("stopped");
        log::shutdown();  // the queued request lines, and how many were dropped, if any
        return 0;
    } catch (const ConfigurationError& e) {
        log::shutdown();  // what was logged comes before the reason for leaving
        std::cerr << "deskauth-api: " << e.userMessage() << "\n";
        return 1;
    } catch (const PortInUse& e) {
        log::shutdown();
        std::cerr << "deskauth-api: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        log::shutdown();
        std::cerr << "deskauth-api: cannot start: " << e.what() << "\n";
        return 1;
    }
}
