// SqlMessageRepository on SQLite and on a real PostgreSQL: settings round trip (secrets
// included) and refuse a stale version; Enqueue refuses a taken id; ClaimDue takes only due
// queued messages, oldest first, and two claimers never take the same one; ExpireLeases
// requeues what never began and makes the rest uncertain; Apply is compare and set with
// its events; the lookups, lists and counts; inbound records; the timeline and inbound
// are append-only; each store sees its own. And the régua's side: RecordActions queues
// its e-mail, WhatsApp and SMS actions as messages, and FindAction.
#include "storage/message_repository.h"

#include <gtest/gtest.h>

#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>
#include <thread>

#include "storage/collection_repository.h"
#include "storage/customer_repository.h"
#include "storage/database.h"
#include "storage/ledger_repository.h"
#include "support/engine_database.h"
#include "support/temp_dir.h"

namespace fiado::storage {
namespace {

using namespace std::chrono_literals;
using collection::Action;
using collection::StepAction;
using core::Money;
using core::Rate;
using messaging::Channel;
using messaging::Message;
using messaging::MessageEvent;
using messaging::Source;
using messaging::Status;
using messaging::Transition;
using std::chrono::year;

const core::Instant kNow = std::chrono::sys_days{year{2026} / 11 / 22} + 13h;

class MessageRepositoryTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = fiado::testing::OpenMigrated(fiado::testing::TestDatabaseUrl(GetParam(), dir_), clock_);
    repo_ = std::make_unique<SqlMessageRepository>(*db_);
    store_a_ = fiado::testing::AddTestStore(*db_, ids_, clock_, "11.222.333/0001-81", "A").id;
    store_b_ = fiado::testing::AddTestStore(*db_, ids_, clock_, "00.000.000/0001-91", "B").id;
    maria_ = AddCustomer(store_a_, "529.982.247-25", "Maria da Silva");
  }

  customers::CustomerId AddCustomer(const core::StoreId& store, const std::string& cpf,
                                    const std::string& name) {
    customers::CustomerDraft draft;
    draft.cpf = cpf;
    draft.full_name = name;
    draft.phones = {"(11) 98765-4321"};
    draft.email = "maria@example.com";
    draft.consents = {{customers::Channel::kWhatsapp, true, "in_store_form"},
                      {customers::Channel::kEmail, true, "in_store_form"}};
    const auto customer =
        customers::MakeCustomer(draft, ids_.Next<customers::CustomerTag>(), store, kNow);
    EXPECT_TRUE(customer.has_value()) << customer.error().Describe();
    EXPECT_TRUE(SqlCustomerRepository(*db_)
                    .Create(*customer, Audit(store, "customer", customer->id.str()))
                    .has_value());
    return customer->id;
  }

  core::AuditEntry Audit(const core::StoreId& store, const std::string& type,
                         const std::string& id) {
    return core::AuditEntry{ids_.NextText(), store,        kNow,         "user:1", type, id,
                            "update",        std::nullopt, R"({"x":1})", "req-1"};
  }

  // A queued message due at `due`, created just before it.
  Message MessageOf(const core::StoreId& store, Channel channel, core::Instant due) {
    Message m;
    m.id = ids_.NextText();
    m.store_id = store;
    m.source = Source::kTest;
    m.channel = channel;
    m.recipient = channel == Channel::kEmail ? "maria@example.com" : "+5511987654321";
    m.template_key = "teste";
    m.subject = channel == Channel::kEmail ? "Teste" : "";
    m.body = "Olá, Maria";
    m.next_attempt_at = due;
    m.created_at = m.updated_at = due - 1min;
    return m;
  }

  Message Enqueued(const core::StoreId& store, Channel channel, core::Instant due) {
    Message m = MessageOf(store, channel, due);
    EXPECT_TRUE(repo_->Enqueue(m, Queued(m)).has_value());
    return m;
  }

  static MessageEvent Queued(const Message& m) {
    return MessageEvent{m.id, m.created_at, Status::kQueued, "mensagem de teste", "user:1"};
  }

  static std::set<std::string> IdsOf(const std::vector<Message>& messages) {
    std::set<std::string> ids;
    for (const Message& m : messages) ids.insert(m.id);
    return ids;
  }

  fiado::testing::TempDir dir_;
  core::FixedClock clock_{kNow};
  core::IdGenerator ids_{clock_};
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlMessageRepository> repo_;
  core::StoreId store_a_;
  core::StoreId store_b_;
  customers::CustomerId maria_;
};

void ExpectSameMessage(const Message& a, const Message& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.store_id, b.store_id);
  EXPECT_EQ(a.customer_id, b.customer_id);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.channel, b.channel);
  EXPECT_EQ(a.recipient, b.recipient);
  EXPECT_EQ(a.template_key, b.template_key);
  EXPECT_EQ(a.subject, b.subject);
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.attempts, b.attempts);
  EXPECT_EQ(a.next_attempt_at, b.next_attempt_at);
  EXPECT_EQ(a.lease_until, b.lease_until);
  EXPECT_EQ(a.provider_id, b.provider_id);
  EXPECT_EQ(a.last_error, b.last_error);
  EXPECT_EQ(a.unsubscribe_token, b.unsubscribe_token);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
  EXPECT_EQ(a.sent_at, b.sent_at);
  EXPECT_EQ(a.sent_by, b.sent_by);
}

// =======================================================================================
// Settings

TEST_P(MessageRepositoryTest, SettingsRoundTripWithSecretsAndRefuseAStaleVersion) {
  EXPECT_FALSE(repo_->Settings(store_a_).has_value());
  messaging::MessagingSettings settings;
  settings.email.enabled = true;
  settings.email.smtp_url = "smtp://smtp.loja.com.br:587";
  settings.email.username = "cobranca";
  settings.email.password = "s3nh@ \"secreta\"";
  settings.email.from_address = "cobranca@loja.com.br";
  settings.email.from_name = "Loja Exemplo — Cobrança";
  settings.email.verify_tls = false;
  settings.whatsapp.enabled = true;
  settings.whatsapp.phone_number_id = "1234567890";
  settings.whatsapp.access_token = "EAAG-token";
  settings.whatsapp.app_secret = "app-secret";
  settings.whatsapp.verify_token = "verify";
  settings.whatsapp.templates = {{"lembrete", "lembrete_v2", "pt_BR", {"nome", "valor"}}};
  settings.sms.enabled = true;
  settings.sms.url = "https://sms.example.com/send";
  settings.sms.auth_header = "Authorization: Bearer abc";
  settings.sms.callback_token = "cb-token";
  settings.limits.sms_per_second = 3;
  settings.max_attempts = 4;

  settings.version = 2;  // nothing stored: only version 1 goes in
  EXPECT_EQ(repo_->SaveSettings(store_a_, settings, Audit(store_a_, "messaging_settings", "a"))
                .error()
                .code,
            core::ErrorCode::kConflict);
  settings.version = 1;
  ASSERT_TRUE(repo_->SaveSettings(store_a_, settings, Audit(store_a_, "messaging_settings", "a")));
  const auto read = repo_->Settings(store_a_);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, settings);
  EXPECT_EQ(read->email.password, "s3nh@ \"secreta\"");
  EXPECT_EQ(read->whatsapp.access_token, "EAAG-token");

  // Someone else saved version 1 too, or skips one.
  EXPECT_EQ(repo_->SaveSettings(store_a_, settings, Audit(store_a_, "messaging_settings", "a"))
                .error()
                .code,
            core::ErrorCode::kConflict);
  settings.version = 3;
  EXPECT_FALSE(repo_->SaveSettings(store_a_, settings, Audit(store_a_, "messaging_settings", "a")));
  settings.version = 2;
  settings.sms.enabled = false;
  ASSERT_TRUE(repo_->SaveSettings(store_a_, settings, Audit(store_a_, "messaging_settings", "a")));
  EXPECT_EQ(repo_->Settings(store_a_), settings);
  EXPECT_EQ(fiado::testing::CountRows(*db_, "audit_log WHERE entity_type = 'messaging_settings'"),
            2);
  EXPECT_FALSE(repo_->Settings(store_b_).has_value());
}

// =======================================================================================
// The queue

TEST_P(MessageRepositoryTest, EnqueueRoundTripsAndRefusesATakenId) {
  Message m = MessageOf(store_a_, Channel::kEmail, kNow);
  m.customer_id = maria_;
  m.source = Source::kOptOutConfirmation;
  m.unsubscribe_token = "tok-1";
  m.last_error = "";
  ASSERT_TRUE(repo_->Enqueue(m, Queued(m)));
  const auto read = repo_->Find(store_a_, m.id);
  ASSERT_TRUE(read.has_value());
  ExpectSameMessage(*read, m);

  Message again = MessageOf(store_a_, Channel::kSms, kNow);
  again.id = m.id;
  const auto taken = repo_->Enqueue(again, Queued(again));
  ASSERT_FALSE(taken.has_value());
  EXPECT_EQ(taken.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(taken.error().related_id, m.id);
  EXPECT_EQ(repo_->Find(store_a_, m.id)->channel, Channel::kEmail);
  const auto events = repo_->Events(store_a_, m.id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message_id, m.id);
  EXPECT_EQ(events[0].at, m.created_at);
  EXPECT_EQ(events[0].status, Status::kQueued);
  EXPECT_EQ(events[0].detail, "mensagem de teste");
  EXPECT_EQ(events[0].actor, "user:1");

  // Another store sees nothing of it.
  EXPECT_FALSE(repo_->Find(store_b_, m.id).has_value());
  EXPECT_TRUE(repo_->Events(store_b_, m.id).empty());
  EXPECT_TRUE(repo_->List(store_b_, {}).empty());
}

TEST_P(MessageRepositoryTest, ClaimDueTakesTheDueQueuedMessagesOldestFirst) {
  const Message later = Enqueued(store_a_, Channel::kEmail, kNow - 1min);
  const Message oldest = Enqueued(store_b_, Channel::kSms, kNow - 1h);
  const Message middle = Enqueued(store_a_, Channel::kWhatsapp, kNow - 10min);
  const Message due_now = Enqueued(store_a_, Channel::kWhatsapp, kNow);
  const Message future = Enqueued(store_a_, Channel::kEmail, kNow + 1s);
  Message manual = MessageOf(store_a_, Channel::kWhatsapp, kNow - 2h);
  manual.status = Status::kManual;
  ASSERT_TRUE(repo_->Enqueue(manual, Queued(manual)));

  EXPECT_TRUE(repo_->ClaimDue(kNow, 0, kNow + 5min).empty());
  const auto first = repo_->ClaimDue(kNow, 2, kNow + 5min);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, oldest.id);  // of any store
  EXPECT_EQ(first[1].id, middle.id);
  for (const Message& m : first) {
    EXPECT_EQ(m.status, Status::kSending);
    EXPECT_EQ(m.attempts, 1);
    EXPECT_EQ(m.lease_until, kNow + 5min);
    EXPECT_EQ(m.updated_at, kNow);
    ExpectSameMessage(*repo_->Find(m.store_id, m.id), m);
  }
  EXPECT_EQ(first[0].store_id, store_b_);
  EXPECT_EQ(first[0].body, oldest.body);

  const auto second = repo_->ClaimDue(kNow, 10, kNow + 5min);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].id, later.id);
  EXPECT_EQ(second[1].id, due_now.id);
  EXPECT_TRUE(repo_->ClaimDue(kNow, 10, kNow + 5min).empty());
  EXPECT_EQ(repo_->Find(store_a_, future.id)->status, Status::kQueued);
  EXPECT_EQ(repo_->Find(store_a_, manual.id)->status, Status::kManual);
  const auto third = repo_->ClaimDue(kNow + 1s, 10, kNow + 5min);
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].id, future.id);
}

// Claimers on their own threads (and sessions) race for the same queue.
TEST_P(MessageRepositoryTest, ConcurrentClaimersNeverTakeTheSameMessage) {
  constexpr int kMessages = 240;
  std::set<std::string> all;
  for (int i = 0; i < kMessages; ++i) {
    all.insert(Enqueued(i % 2 == 0 ? store_a_ : store_b_, Channel::kSms, kNow - 1min).id);
  }
  std::vector<std::vector<Message>> claimed(3);
  std::vector<std::thread> claimers;
  for (auto& mine : claimed) {
    claimers.emplace_back([this, &mine] {
      for (;;) {
        const auto batch = repo_->ClaimDue(kNow, 7, kNow + 5min);
        if (batch.empty()) return;
        mine.insert(mine.end(), batch.begin(), batch.end());
      }
    });
  }
  for (auto& claimer : claimers) claimer.join();
  std::multiset<std::string> taken;
  for (const auto& mine : claimed) {
    for (const Message& m : mine) {
      taken.insert(m.id);
      EXPECT_EQ(m.attempts, 1) << m.id;
    }
  }
  EXPECT_EQ(taken.size(), static_cast<std::size_t>(kMessages));
  EXPECT_EQ(std::set<std::string>(taken.begin(), taken.end()), all);
}

TEST_P(MessageRepositoryTest, ExpiredLeasesRequeueWhatNeverBeganAndDoubtTheRest) {
  const Message a = Enqueued(store_a_, Channel::kEmail, kNow - 3min);
  const Message b = Enqueued(store_a_, Channel::kSms, kNow - 2min);
  const Message c = Enqueued(store_b_, Channel::kWhatsapp, kNow - 1min);
  ASSERT_EQ(repo_->ClaimDue(kNow, 10, kNow + 5min).size(), 3u);
  EXPECT_TRUE(repo_->MarkAttempt(b.id, kNow + 1s));
  EXPECT_TRUE(repo_->MarkAttempt(c.id, kNow + 1s));
  EXPECT_FALSE(repo_->MarkAttempt(c.id, kNow + 2s));  // an attempt began: nobody else sends
  // c was sent: the worker recorded it before its lease ended.
  Message sent = *repo_->Find(store_b_, c.id);
  sent.status = Status::kSent;
  sent.lease_until.reset();
  sent.provider_id = "wamid.1";
  sent.sent_at = kNow + 2s;
  sent.sent_by = "fiado";
  const Transition done{sent, Status::kSending,
                        MessageEvent{c.id, kNow + 2s, Status::kSent, "aceita", "whatsapp"}};
  ASSERT_EQ(repo_->Apply(std::span(&done, 1), false), std::vector<bool>{true});

  EXPECT_EQ(repo_->ExpireLeases(kNow + 5min, "o envio foi interrompido"), 0);  // not before
  EXPECT_EQ(repo_->ExpireLeases(kNow + 6min, "o envio foi interrompido"), 1);
  const Message requeued = *repo_->Find(store_a_, a.id);
  EXPECT_EQ(requeued.status, Status::kQueued);
  EXPECT_EQ(requeued.attempts, 0);
  EXPECT_EQ(requeued.next_attempt_at, kNow + 6min);
  EXPECT_FALSE(requeued.lease_until.has_value());
  EXPECT_EQ(repo_->Events(store_a_, a.id).size(), 1u);  // no event
  const Message doubtful = *repo_->Find(store_a_, b.id);
  EXPECT_EQ(doubtful.status, Status::kUncertain);
  EXPECT_EQ(doubtful.attempts, 1);
  EXPECT_EQ(doubtful.last_error, "o envio foi interrompido");
  const auto events = repo_->Events(store_a_, b.id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].status, Status::kUncertain);
  EXPECT_EQ(events[1].at, kNow + 6min);
  EXPECT_EQ(events[1].detail, "o envio foi interrompido");
  EXPECT_EQ(events[1].actor, "fiado");
  EXPECT_EQ(repo_->Find(store_b_, c.id)->status, Status::kSent);
  EXPECT_EQ(repo_->ExpireLeases(kNow + 7min, "x"), 0);

  // A new claim starts without a begun attempt; MarkAttempt leaves a non-sending one alone.
  EXPECT_FALSE(repo_->MarkAttempt(b.id, kNow + 7min));
  EXPECT_FALSE(repo_->MarkAttempt(a.id, kNow + 7min));  // requeued: its old worker must not send
  const auto again = repo_->ClaimDue(kNow + 7min, 10, kNow + 8min);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, a.id);
  EXPECT_EQ(again[0].attempts, 1);
  EXPECT_EQ(repo_->ExpireLeases(kNow + 9min, "x"), 0);
  EXPECT_EQ(repo_->Find(store_a_, a.id)->status, Status::kQueued);
  EXPECT_EQ(repo_->Find(store_a_, b.id)->status, Status::kUncertain);
}

TEST_P(MessageRepositoryTest, ApplyIsCompareAndSetWithItsEvents) {
  const Message a = Enqueued(store_a_, Channel::kEmail, kNow - 2min);
  const Message b = Enqueued(store_a_, Channel::kSms, kNow - 1min);
  const auto claimed = repo_->ClaimDue(kNow, 10, kNow + 5min);
  ASSERT_EQ(claimed.size(), 2u);

  Message sent = claimed[0];
  sent.status = Status::kSent;
  sent.recipient = "maria@example.com";
  sent.lease_until.reset();
  sent.provider_id = "<abc@smtp>";
  sent.unsubscribe_token = "tok-a";
  sent.sent_at = kNow + 1s;
  sent.sent_by = "fiado";
  sent.updated_at = kNow + 1s;
  Message failed = claimed[1];
  failed.status = Status::kFailed;
  failed.last_error = "número inválido";
  failed.lease_until.reset();
  failed.updated_at = kNow + 1s;
  const std::vector<Transition> transitions = {
      {sent, Status::kSending, {a.id, kNow + 1s, Status::kSent, "aceita pelo servidor", "fiado"}},
      // Stale: the message is sending, not queued.
      {failed, Status::kQueued, {b.id, kNow + 1s, Status::kFailed, "número inválido", "fiado"}}};
  EXPECT_EQ(repo_->Apply(transitions), (std::vector<bool>{true, false}));
  ExpectSameMessage(*repo_->Find(store_a_, a.id), sent);
  EXPECT_EQ(repo_->Find(store_a_, b.id)->status, Status::kSending);
  EXPECT_EQ(repo_->Events(store_a_, a.id).size(), 2u);
  EXPECT_EQ(repo_->Events(store_a_, b.id).size(), 1u);

  // Applied again: the first is no longer sending.
  EXPECT_EQ(repo_->Apply(std::span(transitions.data(), 1)), std::vector<bool>{false});
  // Another store cannot change it.
  Message foreign = failed;
  foreign.store_id = store_b_;
  const Transition wrong_store{foreign, Status::kSending, {b.id, kNow, Status::kFailed, "", ""}};
  EXPECT_EQ(repo_->Apply(std::span(&wrong_store, 1)), std::vector<bool>{false});
  const Transition right{
      failed, Status::kSending, {b.id, kNow + 2s, Status::kFailed, "número inválido", "fiado"}};
  EXPECT_EQ(repo_->Apply(std::span(&right, 1), false), std::vector<bool>{true});
  EXPECT_EQ(repo_->Find(store_a_, b.id)->last_error, "número inválido");
  EXPECT_TRUE(repo_->Apply({}).empty());
}

// The writes that do not wait for the disk leave every pooled session as they found it.
TEST_P(MessageRepositoryTest, QuickWritesRestoreTheSessionsDurability) {
  const Message m = Enqueued(store_a_, Channel::kSms, kNow);
  const auto claimed = repo_->ClaimDue(kNow, 1, kNow + 5min);
  ASSERT_EQ(claimed.size(), 1u);
  repo_->MarkAttempt(m.id, kNow);
  Transition t{claimed[0], Status::kSending, {m.id, kNow, Status::kSent, "aceita", "sms"}};
  t.message.status = Status::kSent;
  ASSERT_EQ(repo_->Apply(std::span(&t, 1), false), std::vector<bool>{true});
  EXPECT_EQ(repo_->Apply(std::span(&t, 1), false), std::vector<bool>{false});
  if (GetParam() != Engine::kSqlite) return;
  std::vector<std::unique_ptr<soci::session>> sessions;  // the whole pool at once
  for (int i = 0; i < 4; ++i) {
    sessions.push_back(std::make_unique<soci::session>(db_->pool()));
    int synchronous = 0;
    *sessions.back() << "PRAGMA synchronous", soci::into(synchronous);
    EXPECT_EQ(synchronous, 2) << "session " << i << " left without FULL";
  }
}

// =======================================================================================
// Reading

TEST_P(MessageRepositoryTest, LookupsListsEventsAndCounts) {
  Message email = MessageOf(store_a_, Channel::kEmail, kNow - 3h);
  email.customer_id = maria_;
  email.provider_id = "prov-1";
  email.unsubscribe_token = "tok-email";
  email.status = Status::kSent;
  email.created_at = kNow - 3h;
  ASSERT_TRUE(repo_->Enqueue(email, Queued(email)));
  Message sms = MessageOf(store_a_, Channel::kSms, kNow - 2h);
  sms.provider_id = "prov-1";  // the same id at another provider
  sms.status = Status::kFailed;
  sms.created_at = kNow - 2h;
  ASSERT_TRUE(repo_->Enqueue(sms, Queued(sms)));
  Message whatsapp = MessageOf(store_a_, Channel::kWhatsapp, kNow - 1h);
  whatsapp.customer_id = maria_;
  whatsapp.created_at = kNow - 1h;
  ASSERT_TRUE(repo_->Enqueue(whatsapp, Queued(whatsapp)));
  Message other = MessageOf(store_b_, Channel::kEmail, kNow);
  other.provider_id = "prov-1";
  ASSERT_TRUE(repo_->Enqueue(other, Queued(other)));

  EXPECT_EQ(repo_->FindByProviderId(store_a_, Channel::kEmail, "prov-1")->id, email.id);
  EXPECT_EQ(repo_->FindByProviderId(store_a_, Channel::kSms, "prov-1")->id, sms.id);
  EXPECT_EQ(repo_->FindByProviderId(store_b_, Channel::kEmail, "prov-1")->id, other.id);
  EXPECT_FALSE(repo_->FindByProviderId(store_a_, Channel::kWhatsapp, "prov-1").has_value());
  EXPECT_FALSE(repo_->FindByProviderId(store_a_, Channel::kWhatsapp, "").has_value());
  EXPECT_EQ(repo_->FindByUnsubscribeToken("tok-email")->id, email.id);
  EXPECT_FALSE(repo_->FindByUnsubscribeToken("").has_value());
  EXPECT_FALSE(repo_->FindByUnsubscribeToken("tok-other").has_value());

  const auto ids = [&](const messaging::MessageFilter& filter) {
    std::vector<std::string> listed;
    for (const Message& m : repo_->List(store_a_, filter)) listed.push_back(m.id);
    return listed;
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(ids({}), (Ids{whatsapp.id, sms.id, email.id}));  // newest first
  messaging::MessageFilter filter;
  filter.statuses = {Status::kSent, Status::kFailed};
  EXPECT_EQ(ids(filter), (Ids{sms.id, email.id}));
  filter.statuses = {Status::kFailed, Status::kQueued, Status::kFailed, Status::kSent};
  EXPECT_EQ(ids(filter), (Ids{whatsapp.id, sms.id, email.id}));
  filter.limit = 2;
  EXPECT_EQ(ids(filter), (Ids{whatsapp.id, sms.id}));
  filter = {};
  filter.channel = Channel::kWhatsapp;
  EXPECT_EQ(ids(filter), (Ids{whatsapp.id}));
  filter = {};
  filter.customer_id = maria_;
  EXPECT_EQ(ids(filter), (Ids{whatsapp.id, email.id}));
  filter.statuses = {Status::kQueued};
  EXPECT_EQ(ids(filter), (Ids{whatsapp.id}));
  filter = {};
  filter.limit = 1;
  EXPECT_EQ(ids(filter), (Ids{whatsapp.id}));
  filter.created_before = kNow - 1h;  // the next page
  EXPECT_EQ(ids(filter), (Ids{sms.id}));
  filter.created_before = kNow - 2h;
  filter.limit = 100;
  EXPECT_EQ(ids(filter), (Ids{email.id}));
  ExpectSameMessage(repo_->List(store_a_, filter).at(0), email);

  // Events oldest first; those of one instant in the order they were written.
  const std::vector<Transition> steps = {
      {whatsapp, Status::kQueued, {whatsapp.id, kNow, Status::kQueued, "adiada", "fiado"}},
      {whatsapp, Status::kQueued, {whatsapp.id, kNow, Status::kQueued, "adiada de novo", "fiado"}},
      {whatsapp, Status::kQueued, {whatsapp.id, kNow - 30min, Status::kQueued, "antes", "x"}}};
  EXPECT_EQ(repo_->Apply(steps), (std::vector<bool>{true, true, true}));
  std::vector<std::string> details;
  for (const auto& event : repo_->Events(store_a_, whatsapp.id)) details.push_back(event.detail);
  EXPECT_EQ(details,
            (std::vector<std::string>{"mensagem de teste", "antes", "adiada", "adiada de novo"}));

  const auto counts = repo_->CountByStatus(store_a_);
  ASSERT_EQ(counts.size(), 9u);
  EXPECT_EQ(counts[0], std::make_pair(Status::kQueued, std::int64_t{1}));
  EXPECT_EQ(counts[2], std::make_pair(Status::kSent, std::int64_t{1}));
  EXPECT_EQ(counts[5], std::make_pair(Status::kFailed, std::int64_t{1}));
  std::int64_t total = 0;
  for (const auto& [status, count] : counts) total += count;
  EXPECT_EQ(total, 3);
  EXPECT_EQ(repo_->CountByStatus(store_b_)[0].second, 1);
}

TEST_P(MessageRepositoryTest, InboundRecordsNewestFirst) {
  messaging::InboundRecord status{ids_.NextText(), store_a_,    Channel::kWhatsapp,
                                  kNow - 1min,     "status",    "",
                                  "wamid.1",       "delivered", "applied"};
  messaging::InboundRecord reply{ids_.NextText(),  store_a_, Channel::kSms, kNow,     "reply",
                                 "+5511987654321", "",       "SAIR",        "opt_out"};
  messaging::InboundRecord other{ids_.NextText(),  store_b_, Channel::kSms, kNow,     "reply",
                                 "+5511900000000", "",       "oi",          "ignored"};
  repo_->RecordInbound(status);
  repo_->RecordInbound(reply);
  repo_->RecordInbound(other);
  const auto read = repo_->Inbound(store_a_, 10);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].id, reply.id);
  EXPECT_EQ(read[0].channel, Channel::kSms);
  EXPECT_EQ(read[0].received_at, kNow);
  EXPECT_EQ(read[0].kind, "reply");
  EXPECT_EQ(read[0].sender, "+5511987654321");
  EXPECT_EQ(read[0].text, "SAIR");
  EXPECT_EQ(read[0].outcome, "opt_out");
  EXPECT_EQ(read[1].id, status.id);
  EXPECT_EQ(read[1].store_id, store_a_);
  EXPECT_EQ(read[1].provider_id, "wamid.1");
  EXPECT_EQ(repo_->Inbound(store_a_, 1).size(), 1u);
  EXPECT_EQ(repo_->Inbound(store_b_, 10).size(), 1u);
}

TEST_P(MessageRepositoryTest, TheTimelineAndInboundAreAppendOnly) {
  const Message m = Enqueued(store_a_, Channel::kEmail, kNow);
  repo_->RecordInbound(
      {ids_.NextText(), store_a_, Channel::kEmail, kNow, "unsubscribe", "", "", "", "opt_out"});
  soci::session session(db_->pool());
  for (const char* sql :
       {"UPDATE message_events SET detail = 'outro'", "DELETE FROM message_events",
        "UPDATE message_inbound SET outcome = 'x'", "DELETE FROM message_inbound"}) {
    EXPECT_THROW(session << sql, soci::soci_error) << sql;
  }
  EXPECT_EQ(repo_->Events(store_a_, m.id).size(), 1u);
  EXPECT_EQ(repo_->Inbound(store_a_, 10).size(), 1u);
}

// =======================================================================================
// The régua's side: RecordActions queues messages; FindAction

class CollectionOutboxTest : public MessageRepositoryTest {
 protected:
  // A sale of two installments, the first due on 10 November.
  sales::Sale AddSale() {
    payments::SaleWrite write;
    sales::CreditDecision& decision = write.decision;
    decision.id = ids_.Next<sales::CreditDecisionTag>();
    decision.store_id = store_a_;
    decision.customer_id = maria_;
    decision.inputs = {customers::CustomerStatus::kActive, Money::FromCents(100000), Money{},
                       Money::FromCents(25000)};
    decision.outcome = sales::CreditOutcome::kApproved;
    decision.decided_by = "user:1";
    decision.decided_at = kNow;
    sales::Sale sale;
    sale.id = ids_.Next<sales::SaleTag>();
    sale.store_id = store_a_;
    sale.customer_id = maria_;
    sale.description = "Geladeira";
    sale.sale_date = year{2026} / 10 / 10;
    sale.down_payment_method = sales::PaymentMethod::kPix;
    auto& d = sale.disclosure;
    d.price = d.financed = Money::FromCents(25000);
    d.monthly_rate = Rate::FromBps(200);
    d.annual_rate = Rate::FromUnits(26824179);
    d.late_fee_rate = Rate::FromBps(190);
    d.moratory_monthly_rate = Rate::FromBps(100);
    d.installment_count = 2;
    d.installment_amount = Money::FromCents(12876);
    d.last_installment_amount = Money::FromCents(12877);
    d.total_with_financing = Money::FromCents(25753);
    d.total_without_financing = d.price;
    d.total_interest = Money::FromCents(753);
    sale.installments = {{1, year{2026} / 11 / 10, Money::FromCents(12876), Money::FromCents(500),
                          Money::FromCents(12376)},
                         {2, year{2026} / 12 / 10, Money::FromCents(12877), Money::FromCents(253),
                          Money::FromCents(12624)}};
    sale.credit_decision_id = decision.id;
    sale.created_at = kNow;
    sale.created_by = "user:1";
    write.sale = sale;
    write.audit = {Audit(store_a_, "sale", sale.id.str())};
    EXPECT_TRUE(SqlLedgerRepository(*db_)
                    .CreateSale(store_a_, maria_, "", "d",
                                [&](const customers::Customer&, const payments::Book&) {
                                  return core::Result<payments::SaleWrite>(write);
                                })
                    .has_value());
    return sale;
  }

  Action ActionFor(const sales::Sale& sale, const std::string& step, StepAction kind,
                   core::Instant send_at) {
    Action action;
    action.customer_id = maria_;
    action.policy_id = collection::PolicyId::FromTrusted("0190f3c2-7a1b-7c3d-8e4f-123456789abc");
    action.action = kind;
    action.template_key = "lembrete_" + step;
    action.send_at = send_at;
    action.steps = {{payments::InstallmentRef{sale.id, 1}, step}};
    action.listed = {{1, 2, "Geladeira", year{2026} / 11 / 10, Money::FromCents(12876), 12}};
    action.open_total = Money::FromCents(12876);
    action.subject = "Lembrete " + step;
    action.body = "Olá, Maria: " + step;
    return action;
  }
};

TEST_P(CollectionOutboxTest, RecordActionsQueuesTheMessageActionsOnly) {
  const sales::Sale sale = AddSale();
  SqlCollectionRepository collection(*db_);
  const std::vector<Action> actions = {
      ActionFor(sale, "p/email", StepAction::kEmail, kNow + 1h),
      ActionFor(sale, "p/whatsapp", StepAction::kWhatsapp, kNow + 2h),
      ActionFor(sale, "p/sms", StepAction::kSms, kNow + 3h),
      ActionFor(sale, "p/call", StepAction::kCallTask, kNow + 4h),
      ActionFor(sale, "p/notice", StepAction::kBureauNotice, kNow + 5h)};
  ASSERT_EQ(collection.RecordActions(store_a_, "run-1", actions, kNow), 5);
  EXPECT_EQ(fiado::testing::CountRows(*db_, "messages"), 3);

  for (const auto& stored : collection.Actions(store_a_, {})) {
    const auto message = repo_->Find(store_a_, stored.id);
    if (!collection::IsMessage(stored.action.action)) {
      EXPECT_FALSE(message.has_value()) << stored.action.template_key;
      continue;
    }
    ASSERT_TRUE(message.has_value()) << stored.action.template_key;
    EXPECT_EQ(message->store_id, store_a_);
    EXPECT_EQ(message->customer_id, maria_);
    EXPECT_EQ(message->source, Source::kCollection);
    EXPECT_EQ(std::string(customers::ChannelName(message->channel)),
              std::string(collection::ActionName(stored.action.action)));
    EXPECT_EQ(message->recipient, "");
    EXPECT_EQ(message->template_key, stored.action.template_key);
    EXPECT_EQ(message->subject, stored.action.subject);
    EXPECT_EQ(message->body, stored.action.body);
    EXPECT_EQ(message->status, Status::kQueued);
    EXPECT_EQ(message->attempts, 0);
    EXPECT_EQ(message->next_attempt_at, stored.action.send_at);
    EXPECT_FALSE(message->lease_until.has_value());
    EXPECT_EQ(message->created_at, kNow);
    EXPECT_EQ(message->updated_at, kNow);
    EXPECT_FALSE(message->sent_at.has_value());
    const auto events = repo_->Events(store_a_, stored.id);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].status, Status::kQueued);
    EXPECT_EQ(events[0].at, kNow);
    EXPECT_EQ(events[0].detail, "decidida pela régua");
    EXPECT_EQ(events[0].actor, "fiado");
  }
  // Claimed when due, like any other message.
  const auto due = repo_->ClaimDue(kNow + 2h, 10, kNow + 3h);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].channel, Channel::kEmail);
  EXPECT_EQ(due[1].channel, Channel::kWhatsapp);

  // A skipped duplicate queues nothing more; a new message action in the batch does.
  const std::vector<Action> again = {ActionFor(sale, "p/email", StepAction::kEmail, kNow + 1h),
                                     ActionFor(sale, "p/email2", StepAction::kEmail, kNow + 6h)};
  EXPECT_EQ(collection.RecordActions(store_a_, "run-2", again, kNow + 1min), 1);
  EXPECT_EQ(fiado::testing::CountRows(*db_, "messages"), 4);
  EXPECT_EQ(fiado::testing::CountRows(*db_, "message_events"), 4);
}

TEST_P(CollectionOutboxTest, FindActionReadsOneActionWithItsSteps) {
  const sales::Sale sale = AddSale();
  SqlCollectionRepository collection(*db_);
  const Action email = ActionFor(sale, "p/email", StepAction::kEmail, kNow + 1h);
  ASSERT_EQ(collection.RecordActions(store_a_, "run-1", std::span(&email, 1), kNow), 1);
  const auto stored = collection.Actions(store_a_, {});
  ASSERT_EQ(stored.size(), 1u);

  const auto found = collection.FindAction(store_a_, stored[0].id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, stored[0].id);
  EXPECT_EQ(found->run_id, "run-1");
  EXPECT_EQ(found->customer_name, "Maria da Silva");
  EXPECT_EQ(found->created_at, kNow);
  EXPECT_EQ(found->action.customer_id, maria_);
  EXPECT_EQ(found->action.action, StepAction::kEmail);
  EXPECT_EQ(found->action.template_key, "lembrete_p/email");
  EXPECT_EQ(found->action.send_at, kNow + 1h);
  EXPECT_EQ(found->action.steps, email.steps);
  ASSERT_EQ(found->action.listed.size(), 1u);
  EXPECT_EQ(found->action.listed[0].open, Money::FromCents(12876));
  EXPECT_EQ(found->action.open_total, Money::FromCents(12876));
  EXPECT_EQ(found->action.body, "Olá, Maria: p/email");
  EXPECT_FALSE(collection.FindAction(store_b_, stored[0].id).has_value());
  EXPECT_FALSE(collection.FindAction(store_a_, ids_.NextText()).has_value());
}

// =======================================================================================
// The worker's pattern on four threads: a claim of 200, then per message an attempt mark
// and its result (neither waiting for the disk). Each message is sent once; the rate is
// printed (the target is ≥ 2,000 messages/s on SQLite in a release build), not checked,
// so that a busy machine or a sanitizer build does not fail the suite.

TEST_P(MessageRepositoryTest, FourWorkersSendEachMessageOnce) {
  constexpr int kMessages = 4000;
  {
    // Queued directly, in one transaction: the test measures the worker's side.
    soci::session session(db_->pool());
    WriteTransaction transaction(session, db_->engine());
    std::string id;
    const std::string store = store_a_.str();
    const std::string due = core::FormatRfc3339(kNow - 1min);
    soci::statement insert =
        (session.prepare << "INSERT INTO messages (id, store_id, customer_id, source, channel, "
                            "recipient, template_key, subject, body, status, attempts, "
                            "next_attempt_at, lease_until, provider_id, last_error, "
                            "unsubscribe_token, created_at, updated_at, sent_at, sent_by) "
                            "VALUES (:id, :store, NULL, 'test', 'sms', '+5511987654321', 't', '', "
                            "'Olá', 'queued', 0, :due, NULL, '', '', '', :created, :updated, "
                            "NULL, '')",
         soci::use(id), soci::use(store), soci::use(due), soci::use(due), soci::use(due));
    for (int i = 0; i < kMessages; ++i) {
      id = ids_.NextText();
      insert.execute(true);
    }
    transaction.Commit();
  }
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  std::vector<int> sent(4, 0);
  for (int& count : sent) {
    workers.emplace_back([this, &count] {
      for (;;) {
        const auto batch = repo_->ClaimDue(kNow, 200, kNow + 5min);
        if (batch.empty()) return;
        for (const Message& m : batch) {
          repo_->MarkAttempt(m.id, kNow);
          Transition t{m, Status::kSending, {m.id, kNow, Status::kSent, "aceita", "sms"}};
          t.message.status = Status::kSent;
          t.message.lease_until.reset();
          t.message.provider_id = "p-" + m.id;
          t.message.sent_at = kNow;
          t.message.sent_by = "fiado";
          if (repo_->Apply(std::span(&t, 1), false).front()) ++count;
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  int total = 0;
  for (const int count : sent) total += count;
  EXPECT_EQ(total, kMessages);
  EXPECT_EQ(repo_->CountByStatus(store_a_)[2].second, kMessages);  // sent
  EXPECT_EQ(fiado::testing::CountRows(*db_, "message_events"), kMessages);
  std::cout << EngineName(GetParam()) << ": " << static_cast<int>(kMessages / seconds)
            << " messages/s\n";
}

const auto kEngineName = [](const auto& engine) { return std::string(EngineName(engine.param)); };

INSTANTIATE_TEST_SUITE_P(Engines, MessageRepositoryTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql), kEngineName);
INSTANTIATE_TEST_SUITE_P(Engines, CollectionOutboxTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql), kEngineName);

}  // namespace
}  // namespace fiado::storage
