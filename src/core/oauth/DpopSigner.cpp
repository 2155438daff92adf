#include "oauth/DpopSigner.h"

#include "errors/Errors.h"
#include "http/JsonBody.h"
#include "log/Log.h"
#include "oauth/DpopProof.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>

namespace deskauth {
namespace {

constexpr std::size_t maxNonceSize = 512;

void setHeader(HeaderList& headers, const std::string& name, const std::string& value) {
    headers.erase(std::remove_if(headers.begin(), headers.end(),
                                 [&](const auto& header) { return Poco::icompare(header.first, name) == 0; }),
                  headers.end());
    headers.emplace_back(name, value);
}

// RFC 9449 §9 / RFC 6750 §3: a DPoP challenge among the WWW-Authenticate values whose error
// parameter is use_dpop_nonce. Only this one error is looked for, so a plain substring of the
// quoted and unquoted forms after the scheme is enough.
bool isDpopNonceChallengeHeader(const std::string& value) {
    const std::string lower = Poco::toLower(value);
    const auto scheme = lower.find("dpop");
    if (scheme == std::string::npos) return false;
    const std::string rest = lower.substr(scheme + 4);
    return rest.find("error=\"use_dpop_nonce\"") != std::string::npos || rest.find("error=use_dpop_nonce") != std::string::npos;
}

}  // namespace

std::string originOf(const std::string& url) {
    try {
        Poco::URI uri(url);
        if (uri.getScheme().empty() || uri.getHost().empty()) return {};
        return Poco::toLower(uri.getScheme()) + "://" + Poco::toLower(uri.getHost()) + ":" + std::to_string(uri.getPort());
    } catch (const Poco::Exception&) {
        return {};
    }
}

DpopSigner::DpopSigner(DpopServer server, Clock clock) : server_(server), clock_(std::move(clock)) {}

bool DpopSigner::isValidNonce(const std::string& nonce) {
    if (nonce.empty() || nonce.size() > maxNonceSize) return false;
    return std::all_of(nonce.begin(), nonce.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == 0x21 || (u >= 0x23 && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
    });
}

bool DpopSigner::isNonceChallenge(DpopServer server, const HttpResponse& response) {
    if (server == DpopServer::Resource) {
        if (response.status != 401) return false;
        const auto values = response.headerValues("WWW-Authenticate");
        return std::any_of(values.begin(), values.end(), isDpopNonceChallengeHeader);
    }
    if (response.status != 400 && response.status != 401) return false;
    try {
        auto body = json::parseObject(response.body, "server_error");
        return json::optionalString(*body, "error").value_or("") == "use_dpop_nonce";
    } catch (const Error&) {
        return false;
    }
}

std::string DpopSigner::nonceFor(const std::string& origin) const {
    std::lock_guard lock(mutex_);
    const auto found = nonces_.find(origin);
    return found == nonces_.end() ? std::string{} : found->second;
}

void DpopSigner::sign(HttpRequest& request, const DpopKey& key, const std::string& accessToken) {
    DpopProofInput input{request.method, request.url, accessToken, nonceFor(originOf(request.url))};
    setHeader(request.headers, "DPoP", makeDpopProof(key, input, clock_()));
}

bool DpopSigner::retryWith(const HttpRequest& request, const HttpResponse& response) {
    const std::string nonce = response.header("DPoP-Nonce");
    const bool challenge = isNonceChallenge(server_, response);
    if (nonce.empty()) {
        if (challenge) log::get("oauth").warning("the server asked for a DPoP nonce but sent none");
        return false;
    }
    if (!isValidNonce(nonce)) {
        log::get("oauth").warning("ignored a malformed DPoP-Nonce (%z bytes)", nonce.size());
        return false;
    }
    const std::string origin = originOf(request.url);
    std::string previous;
    {
        std::lock_guard lock(mutex_);
        previous = nonces_[origin];
        nonces_[origin] = nonce;
    }
    if (!challenge) return false;
    if (nonce == previous) {
        log::get("oauth").warning("the server asked again for the DPoP nonce it was sent; not retrying");
        return false;
    }
    log::get("oauth").debug("DPoP nonce challenge from %s; sending the request once more", origin);
    return true;
}

}  // namespace deskauth
