{{ config(enabled=trig.trig_source_enabled(), materialized='table') }}
{#- Which person each source's user id stands for, as one small table the events view
    joins (instead of recomputing merges and stitching on every read of the events):
    - source = '<source>': the source's own person records (CRM contact, Segment user,
      Pendo visitor) -> person_id;
    - source = '*': a user id known to the product sources' people, for Amplitude and
      Mixpanel, which have events but no people table (the smallest person if several);
    - source = '<source>#anonymous': an anonymous id -> the last user it was identified
      as (Segment identify calls), with that user's person_id when known. -#}
{%- set s = dbt.type_string() -%}

with person_keys as (
    {%- for relation in trig.trig_source_models('people') %}
    select source, source_record_id, person_id from {{ relation }}
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select cast(null as {{ s }}) as source, cast(null as {{ s }}) as source_record_id, cast(null as {{ s }}) as person_id where 1 = 0
    {%- endfor %}
)

select source, source_record_id, min(person_id) as person_id, cast(null as {{ s }}) as user_id
from person_keys
where source_record_id is not null
group by source, source_record_id
union all
select '*', source_record_id, min(person_id), cast(null as {{ s }})
from person_keys
where source not in ('hubspot', 'salesforce') and source_record_id is not null
group by source_record_id
{%- if 'segment' in trig.trig_enabled_sources() %}
union all
select {{ dbt.concat(['anonymous_ids.source', "'#anonymous'"]) }}, anonymous_ids.anonymous_id, min(person_keys.person_id), min(anonymous_ids.user_id)
from {{ ref('int_segment__anonymous_ids') }} as anonymous_ids
left join person_keys on person_keys.source = anonymous_ids.source and person_keys.source_record_id = anonymous_ids.user_id
group by anonymous_ids.source, anonymous_ids.anonymous_id
{%- endif %}
