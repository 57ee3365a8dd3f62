// Internal to the collection service: what a preview or a run knows about one shop.
#pragma once

#include "collection/service.h"
#include "core/calendar.h"
#include "core/time_zone.h"

namespace fiado::collection {

struct CollectionService::Shop {
  stores::Store store;
  CollectionSettings settings{};
  core::TimeZone zone;
  core::BusinessCalendar calendar;
  ShopContext context{};
  core::Date due_from{};
  core::Date due_to{};
};

}  // namespace fiado::collection
