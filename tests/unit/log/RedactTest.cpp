#include "log/Log.h"

#include <gtest/gtest.h>

using deskauth::log::redact;

TEST(Redact, RemovesSecretsFromUrlsFormsAndHeaders) {
    const std::string url = "http://127.0.0.1:8001/callback?code=SECRETCODE&state=SECRETSTATE&iss=https%3A%2F%2Fx";
    const std::string out = redact(url);
    EXPECT_EQ(out.find("SECRETCODE"), std::string::npos) << out;
    EXPECT_EQ(out.find("SECRETSTATE"), std::string::npos) << out;
    EXPECT_NE(out.find("iss=https"), std::string::npos) << out;

    EXPECT_EQ(redact("grant_type=refresh_token&refresh_token=RT123&client_id=c").find("RT123"), std::string::npos);
    EXPECT_EQ(redact("Authorization: Bearer abc.def.ghi").find("abc.def"), std::string::npos);
    EXPECT_EQ(redact(R"({"access_token":"AT999","token_type":"Bearer"})").find("AT999"), std::string::npos);
    EXPECT_EQ(redact("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl here").find("eyJhbGci"), std::string::npos);
}

TEST(Redact, LeavesOrdinaryTextAlone) {
    EXPECT_EQ(redact("listening on 127.0.0.1:8001"), "listening on 127.0.0.1:8001");
}

TEST(Redact, FindsCredentialsWhateverTheirCaseAndJwtsWithoutAParameterName) {
    // what the shortcut for texts without '=', ':', "bearer", "basic" or "eyJ" must still catch
    EXPECT_EQ(redact("BEARER abc.def.ghi"), "BEARER [redacted]");
    EXPECT_EQ(redact("basic dXNlcjpwYXNz"), "basic [redacted]");
    EXPECT_EQ(redact("/api/eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig"), "/api/[redacted-jwt]");
    EXPECT_EQ(redact("/api/companies"), "/api/companies");
}
