// The worker's pure parts; the worker itself runs against real storage and real local
// providers in tests/integration/outbox_test.cc.
#include "messaging/worker.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace fiado::messaging {
namespace {

using std::chrono::seconds;

TEST(BackoffTest, DoublesFromThirtySecondsUpToSixHoursWithABoundedSpread) {
  const seconds bases[] = {seconds{30}, seconds{60}, seconds{120}, seconds{240}, seconds{480}};
  for (int attempt = 1; attempt <= 5; ++attempt) {
    const seconds wait = Backoff(attempt, "m-1");
    EXPECT_GE(wait, bases[attempt - 1]) << attempt;
    EXPECT_LE(wait, bases[attempt - 1] + bases[attempt - 1] / 10) << attempt;
  }
  EXPECT_GE(Backoff(30, "m-1"), seconds{6 * 3600});
  EXPECT_LE(Backoff(30, "m-1"), seconds{6 * 3600 + 2160});
  EXPECT_EQ(Backoff(3, "m-1"), Backoff(3, "m-1"));  // predictable per message
}

TEST(BackoffTest, SpreadsABurstOfMessages) {
  std::set<seconds::rep> waits;
  for (int i = 0; i < 50; ++i) waits.insert(Backoff(4, "m-" + std::to_string(i)).count());
  EXPECT_GT(waits.size(), 10u);
}

TEST(HtmlTest, EscapesAndKeepsParagraphsAndTheOptOutLink) {
  const std::string html = HtmlOf("Olá <Ana> & cia,\n\nlinha 1\nlinha 2", "http://x/u/t?a=1&b=2");
  EXPECT_NE(html.find("<p>Olá &lt;Ana&gt; &amp; cia,</p><p>linha 1<br>linha 2</p>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("href=\"http://x/u/t?a=1&amp;b=2\">Descadastrar</a>"), std::string::npos);
  EXPECT_EQ(HtmlOf("x", "").find("Descadastrar"), std::string::npos);
}

TEST(RateLimiterTest, HoldsAChannelToItsRate) {
  RateLimiter limiter;
  const auto store = core::StoreId::FromTrusted("0193a5c0-0000-7000-8000-000000000001");
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 30; ++i) limiter.Acquire(store, Channel::kSms, 20);  // 20 burst + 10
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(450));
  EXPECT_LT(elapsed, std::chrono::milliseconds(5000));
}

TEST(RateLimiterTest, ChannelsAndShopsHaveTheirOwnBuckets) {
  RateLimiter limiter;
  const auto a = core::StoreId::FromTrusted("0193a5c0-0000-7000-8000-000000000001");
  const auto b = core::StoreId::FromTrusted("0193a5c0-0000-7000-8000-000000000002");
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {
    limiter.Acquire(a, Channel::kSms, 5);
    limiter.Acquire(a, Channel::kEmail, 5);
    limiter.Acquire(b, Channel::kSms, 5);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start,
            std::chrono::milliseconds(1500));  // one shared bucket: 2 s
}

}  // namespace
}  // namespace fiado::messaging
