#pragma once
// A fixture base for suites that sign in against the real development authorization server: one
// server for the whole suite (starting node per test would dominate the run), stopped when the
// suite ends. Derived fixtures reach it through authServer().
#include "support/AuthServerProcess.h"

#include <gtest/gtest.h>

#include <memory>

namespace deskauth::test {

class AuthServerSuite : public ::testing::Test {
protected:
    static void SetUpTestSuite();
    static void TearDownTestSuite();

    // The suite's running server; valid from SetUpTestSuite to TearDownTestSuite.
    static AuthServerProcess& authServer();

private:
    static std::unique_ptr<AuthServerProcess> server_;
};

}  // namespace deskauth::test
