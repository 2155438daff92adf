#include "oauth/EndSession.h"

#include "http/HttpTransport.h"

namespace deskauth {

std::string buildEndSessionUrl(const ProviderMetadata& metadata, const std::string& clientId,
                               const std::string& idToken, const std::string& postLogoutRedirectUri,
                               const std::string& state) {
    if (metadata.endSessionEndpoint.empty()) return {};
    HeaderList params = {{"client_id", clientId}};
    if (!idToken.empty()) params.emplace_back("id_token_hint", idToken);
    if (!postLogoutRedirectUri.empty()) params.emplace_back("post_logout_redirect_uri", postLogoutRedirectUri);
    if (!state.empty()) params.emplace_back("state", state);
    const std::string separator = metadata.endSessionEndpoint.find('?') == std::string::npos ? "?" : "&";
    return metadata.endSessionEndpoint + separator + formUrlEncode(params);
}

}  // namespace deskauth
