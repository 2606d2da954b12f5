{#- The staged people whose organisation is a known one, with it: where an event without
    an organisation takes its organisation from (trig_events_with_organisation), and
    what an event with neither misses (the quarantine). A subquery to read from. -#}
{% macro trig_people_of_known_organisations() -%}
(
    select p.person_id, p.organisation_id
    from {{ ref('stg_trig__people') }} as p
    inner join {{ ref('stg_trig__organisations') }} as o on o.organisation_id = p.organisation_id
)
{%- endmacro %}
