#pragma once
// Which account the authorization request asks for (OIDC Core §3.1.2.1). A sign-in sends
// login_hint: oauth.loginHint when configured, else the account that signed in last
// (storage/RememberedAccount). "Switch Account…" sends no hint and asks the provider to let the
// user choose: prompt=select_account, or prompt=login where the provider's prompt_values_supported
// lacks select_account; the other prompt values in effect are kept (consent, which §11 asks for
// with offline_access), except none, which no other value may come with.
// Threads: a pure function; any thread.
#include "config/AuthorizationSettings.h"

#include <string>
#include <vector>

namespace deskauth {

enum class AccountChoice { Remembered, Switch };

AuthorizationSettings withAccountChoice(AuthorizationSettings settings, const std::vector<std::string>& scopes,
                                        AccountChoice choice, const std::string& rememberedAccount,
                                        const std::vector<std::string>& promptValuesSupported);

}  // namespace deskauth
