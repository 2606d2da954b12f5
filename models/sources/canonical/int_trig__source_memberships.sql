{{ config(enabled=trig.trig_source_enabled(), materialized='table') }}
{#- Every person <-> organisation link, per source: a CRM contact's company/account,
    Segment group calls, Pendo's visitor-account table. Links to an organisation no
    source knows (a deleted company) are left out (listed in trig_quarantine).
    `is_primary` marks each person's primary organisation, chosen deterministically:
    the link of the highest-priority source (CRMs first, then trig_sources order),
    then the earliest link (`member_since`), then the smallest organisation_id.
    Roll-ups in the engine count a person in the primary organisation; this table
    keeps all the others for your own roll-ups. -#}
{%- set s = dbt.type_string() -%}

with organisation_keys as (
    {%- for relation in trig.trig_source_models('organisations') %}
    select source, source_record_id, organisation_id from {{ relation }}
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select cast(null as {{ s }}) as source, cast(null as {{ s }}) as source_record_id, cast(null as {{ s }}) as organisation_id where 1 = 0
    {%- endfor %}
),

person_keys as (
    {%- for relation in trig.trig_source_models('people') %}
    select source, source_record_id, person_id, organisation_record_id from {{ relation }}
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select cast(null as {{ s }}) as source, cast(null as {{ s }}) as source_record_id, cast(null as {{ s }}) as person_id, cast(null as {{ s }}) as organisation_record_id where 1 = 0
    {%- endfor %}
),

links as (
    select source, person_id, organisation_record_id, cast(null as {{ dbt.type_timestamp() }}) as member_since
    from person_keys
    where organisation_record_id is not null
    {%- for relation in trig.trig_source_models('memberships') %}
    union all
    select m.source, p.person_id, m.organisation_record_id, m.member_since
    from {{ relation }} as m
    inner join person_keys as p on p.source = m.source and p.source_record_id = m.person_record_id
    {%- endfor %}
),

resolved as (
    select
        links.person_id,
        organisation_keys.organisation_id,
        min(links.source) as source,
        min({{ trig.trig_source_priority('links.source') }}) as source_priority,
        min(links.member_since) as member_since
    from links
    inner join organisation_keys
        on organisation_keys.source = links.source
        and organisation_keys.source_record_id = links.organisation_record_id
    group by links.person_id, organisation_keys.organisation_id
)

select
    person_id,
    organisation_id,
    source,
    member_since,
    row_number() over (
        partition by person_id
        order by source_priority, member_since, organisation_id
    ) = 1 as is_primary
from resolved
