{#- Signals: every slow completer ever flagged, with when it was raised and resolved,
    and the organisation's ARR (the `arr` attribute when the input has one) so totals
    give ARR at risk: sum(arr) where is_active. -#}
{%- set org_columns = trig.trig_columns_of(ref('trig_organisation_attributes')) -%}

with signals as (
    select * from {{ ref('trig_transitions') }} where object_kind = 'signal'
),

episodes as (
    select
        object_name as signal_name,
        max(parent_object_name) as stage_name,
        entity_type,
        entity_id,
        max(organisation_id) as organisation_id,
        episode_number,
        max(case when transition_type = 'signal_raised' then occurred_at end) as raised_at,
        max(case when transition_type = 'signal_resolved' then occurred_at end) as resolved_at
    from signals
    group by object_name, entity_type, entity_id, episode_number
)

select
    episodes.*,
    episodes.resolved_at is null and episodes.raised_at is not null as is_active,
    {% if 'arr' in org_columns %}o.arr{% else %}cast(null as {{ trig.trig_type_double() }}){% endif %} as arr
from episodes
left join {{ ref('trig_organisation_attributes') }} as o on o.organisation_id = episodes.organisation_id
