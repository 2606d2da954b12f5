{{ config(enabled=trig.trig_source_enabled('segment')) }}
{#- Each anonymous id stitched to its last known user id (latest identify call), so
    events sent before sign-in count for the person they turned out to be. -#}

with ranked as (
    select
        anonymous_id,
        user_id,
        row_number() over (partition by anonymous_id order by identified_at desc, user_id) as recency
    from {{ ref('stg_segment__identifies') }}
    where anonymous_id is not null and user_id is not null
)

select 'segment' as source, anonymous_id, user_id
from ranked
where recency = 1
