{{ config(enabled=trig.trig_source_enabled('segment')) }}
{#- Person <-> organisation from group calls (many-to-many), anonymous group calls
    stitched to the user they turned out to be; first seen time per pair. -#}

select
    'segment' as source,
    coalesce(groups.user_id, anonymous.user_id) as person_record_id,
    groups.group_id as organisation_record_id,
    min(groups.grouped_at) as member_since
from {{ ref('stg_segment__groups') }} as groups
left join {{ ref('int_segment__anonymous_ids') }} as anonymous on anonymous.anonymous_id = groups.anonymous_id
where coalesce(groups.user_id, anonymous.user_id) is not null
group by coalesce(groups.user_id, anonymous.user_id), groups.group_id
