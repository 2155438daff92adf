#include "http/HttpClient.h"

#include "errors/Errors.h"
#include "http/JsonBody.h"
#include "log/Log.h"

namespace deskauth {
namespace {

ApiError apiError(const HttpResponse& response, const std::string& url) {
    std::string code = "http_" + std::to_string(response.status);
    std::string message;
    std::string serverId;
    try {
        auto body = json::parseObject(response.body, "api_error");
        code = json::optionalString(*body, "code").value_or(code);
        message = json::optionalString(*body, "message").value_or("");
        serverId = json::optionalString(*body, "id").value_or("");
    } catch (const ProtocolError&) {
    }
    std::string userMessage;
    if (response.status == 401) userMessage = "The API did not accept the session.";
    else if (response.status == 403) userMessage = "You are not allowed to see this information.";
    else if (response.status == 404) userMessage = "The requested information was not found.";
    else if (response.status >= 500) userMessage = "The API had a problem processing the request.";
    else userMessage = "The API refused the request.";
    if (!message.empty()) userMessage += " " + message;
    return ApiError(code, response.status, userMessage, serverId,
                    "GET " + log::redact(url) + " answered HTTP " + std::to_string(response.status) +
                        (serverId.empty() ? "" : " (API error ID " + serverId + ")"));
}

}  // namespace

HttpClient::HttpClient(HttpTransport& transport, AccessTokenSource& tokens) : transport_(transport), tokens_(tokens) {}

HttpResponse HttpClient::sendOnce(const HttpRequest& unauthorized, const std::string& token) {
    HttpRequest request = unauthorized;
    tokens_.authorize(request, token);
    HttpResponse response = transport_.send(request);
    // Remembers a rotated nonce for later requests; a second challenge is not retried (§9).
    tokens_.retryWithNonce(request, response);
    return response;
}

HttpResponse HttpClient::sendWithToken(const std::string& url, const std::string& token) {
    HttpRequest request;
    request.url = url;
    request.headers.emplace_back("Accept", "application/json");
    HttpRequest sent = request;
    tokens_.authorize(sent, token);
    HttpResponse response = transport_.send(sent);
    if (tokens_.retryWithNonce(sent, response)) {
        log::get("http").debug("the API asked for a DPoP nonce; sending once more with it");
        response = sendOnce(request, token);
    }
    return response;
}

HttpResponse HttpClient::get(const std::string& url) {
    std::string token = tokens_.accessToken();
    HttpResponse response = sendWithToken(url, token);
    if (response.status == 401) {
        log::get("http").information("401 from the API; refreshing the access token and retrying once");
        token = tokens_.refreshAccessToken(token);
        response = sendWithToken(url, token);
    }
    if (response.status < 200 || response.status > 299) throw apiError(response, url);
    return response;
}

}  // namespace deskauth
