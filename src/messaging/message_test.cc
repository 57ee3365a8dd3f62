#include "messaging/message.h"

#include <gtest/gtest.h>

#include "messaging/service.h"

namespace fiado::messaging {
namespace {

TEST(MessageTest, StatusNamesRoundTrip) {
  for (Status status :
       {Status::kQueued, Status::kSending, Status::kSent, Status::kDelivered, Status::kRead,
        Status::kFailed, Status::kCancelled, Status::kUncertain, Status::kManual}) {
    EXPECT_EQ(ParseStatus(StatusName(status)), status);
    EXPECT_FALSE(StatusPt(status).empty());
  }
  EXPECT_EQ(ParseStatus("entregue"), std::nullopt);
  EXPECT_EQ(StatusPt(Status::kDelivered), "entregue");
}

TEST(MessageTest, OnlyFailedAndUncertainAreDeadLetters) {
  EXPECT_TRUE(IsDeadLetter(Status::kFailed));
  EXPECT_TRUE(IsDeadLetter(Status::kUncertain));
  EXPECT_FALSE(IsDeadLetter(Status::kCancelled));
  EXPECT_FALSE(IsDeadLetter(Status::kManual));
  EXPECT_FALSE(IsDeadLetter(Status::kQueued));
}

TEST(MessageTest, SourceNamesRoundTrip) {
  for (Source source : {Source::kCollection, Source::kTest, Source::kOptOutConfirmation}) {
    EXPECT_EQ(ParseSource(SourceName(source)), source);
  }
  EXPECT_EQ(ParseSource("x"), std::nullopt);
}

TEST(MessageTest, ClickToChatEncodesTheTextAsUtf8) {
  EXPECT_EQ(
      ClickToChatUrl("+5511987654321", "Olá, Ana! R$ 10,00 & já"),
      "https://wa.me/5511987654321?text=Ol%C3%A1%2C%20Ana%21%20R%24%2010%2C00%20%26%20j%C3%A1");
}

}  // namespace
}  // namespace fiado::messaging
