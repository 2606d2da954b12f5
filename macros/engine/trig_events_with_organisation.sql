{#- The staged events with the organisation filled in from the person (when the person
    belongs to a known organisation), as a subquery to read from. Done here, inside the
    tables that read events, rather than in a staging view, so that every staging view
    depends on one input only: PostgreSQL deadlocks when two inputs replaced at once
    cascade to the same views (docs/decisions/007-single-input-staging-views.md).
    Time predicates on occurred_at still reach the events scan. -#}
{% macro trig_events_with_organisation() -%}
(
    select
        events.event_id,
        events.event_name,
        events.occurred_at,
        events.person_id,
        coalesce(events.organisation_id, people.organisation_id) as organisation_id,
        events.properties
    from {{ ref('stg_trig__events') }} as events
    left join {{ trig.trig_people_of_known_organisations() }} as people
        on people.person_id = events.person_id
)
{%- endmacro %}
