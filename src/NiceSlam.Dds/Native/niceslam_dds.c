/*
 * libniceslam_dds: the small C shim between NiceSlam.Dds (C#) and Cyclone DDS (libddsc 0.10.x).
 *
 * Its one real job is an opaque serialized type: a ddsi_sertype whose samples are already-serialized CDR
 * (encapsulation header + payload) produced and consumed by the C# codecs, so that message bytes go to and
 * come from the wire as they are, with no per-field marshalling (the approach of rmw_cyclonedds' serdata and of
 * zenoh's cyclors). The sertype struct's layout depends on libddsc's build flags (Debian's has DDS_HAS_SHM), so
 * it is written here against the installed headers instead of being mirrored in C#.
 *
 * Everything else is a thin wrapper that keeps C# away from libddsc's structs (QoS, sample infos, built-in
 * topic samples) and from its soname (libddsc.so.0debian on Debian, libddsc.so.0 in a ROS install).
 *
 * Built by src/NiceSlam.Dds/NiceSlam.Dds.csproj with the system C compiler: cc -shared -fPIC ... -lddsc.
 */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "dds/dds.h"
#include "dds/ddsi/ddsi_sertype.h"
#include "dds/ddsi/ddsi_serdata.h"
#include "dds/ddsi/q_radmin.h"
#include "dds/version.h"

#if DDS_VERSION_MAJOR != 0 || DDS_VERSION_MINOR != 10
#error "NiceSlam.Dds's shim is written against Cyclone DDS 0.10.x (what ROS 2 Humble and Jazzy ship); these headers are another version"
#endif

#define NSDDS_EXPORT __attribute__((visibility("default")))

/* Bumped whenever a signature below changes; the C# side refuses a shim of another version. */
#define NSDDS_ABI_VERSION 4

/* ---- the opaque serialized type --------------------------------------------------------------------------- */

struct nsdds_sertype {
  struct ddsi_sertype c;
};

/* One sample: the serialized bytes (CDR header included), padded with zeros to a multiple of 4. */
struct nsdds_serdata {
  struct ddsi_serdata c;
  uint32_t size;
  unsigned char *data;
};

/* What dds_write / dds_take would exchange if someone used them on this type: a byte blob. */
struct nsdds_blob {
  uint32_t size;
  unsigned char *data;
};

static uint32_t align4 (uint32_t n) { return (n + 3u) & ~3u; }

static struct nsdds_serdata *serdata_new (const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, size_t size)
{
  if (size > UINT32_MAX - 4)
    return NULL;
  struct nsdds_serdata *d = malloc (sizeof (*d));
  if (d == NULL)
    return NULL;
  ddsi_serdata_init (&d->c, type, kind);
  d->c.hash = type->serdata_basehash; /* no key: one instance */
  d->size = align4 ((uint32_t) size);
  d->data = NULL;
  if (d->size > 0)
  {
    d->data = malloc (d->size);
    if (d->data == NULL)
    {
      free (d);
      return NULL;
    }
    memset (d->data + size, 0, d->size - size);
  }
  return d;
}

static bool sd_eqkey (const struct ddsi_serdata *a, const struct ddsi_serdata *b)
{
  (void) a; (void) b;
  return true; /* keyless */
}

static uint32_t sd_get_size (const struct ddsi_serdata *dcmn)
{
  return ((const struct nsdds_serdata *) dcmn)->size;
}

static struct ddsi_serdata *sd_from_ser (const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, const struct nn_rdata *fragchain, size_t size)
{
  struct nsdds_serdata *d = serdata_new (type, kind, size);
  if (d == NULL)
    return NULL;
  uint32_t off = 0;
  unsigned char *cursor = d->data;
  while (fragchain)
  {
    if (fragchain->maxp1 > off)
    {
      /* copy only what this fragment adds (fragments may overlap) */
      const unsigned char *payload = NN_RMSG_PAYLOADOFF (fragchain->rmsg, NN_RDATA_PAYLOAD_OFF (fragchain));
      const unsigned char *src = payload + off - fragchain->min;
      uint32_t n = fragchain->maxp1 - off;
      if ((size_t) off + n > size)
        n = (uint32_t) (size - off);
      memcpy (cursor, src, n);
      cursor += n;
      off += n;
    }
    fragchain = fragchain->nextfrag;
  }
  return &d->c;
}

static struct ddsi_serdata *sd_from_ser_iov (const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, ddsrt_msg_iovlen_t niov, const ddsrt_iovec_t *iov, size_t size)
{
  struct nsdds_serdata *d = serdata_new (type, kind, size);
  if (d == NULL)
    return NULL;
  size_t off = 0;
  for (ddsrt_msg_iovlen_t i = 0; i < niov && off < size; i++)
  {
    size_t n = iov[i].iov_len;
    if (off + n > size)
      n = size - off;
    memcpy (d->data + off, iov[i].iov_base, n);
    off += n;
  }
  return &d->c;
}

static struct ddsi_serdata *sd_from_keyhash (const struct ddsi_sertype *type, const struct ddsi_keyhash *keyhash)
{
  (void) keyhash;
  return &serdata_new (type, SDK_KEY, 0)->c;
}

static struct ddsi_serdata *sd_from_sample (const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, const void *sample)
{
  const struct nsdds_blob *blob = sample;
  if (kind != SDK_DATA)
    return &serdata_new (type, kind, 0)->c;
  struct nsdds_serdata *d = serdata_new (type, kind, blob->size);
  if (d != NULL && blob->size > 0)
    memcpy (d->data, blob->data, blob->size);
  return d ? &d->c : NULL;
}

static void sd_to_ser (const struct ddsi_serdata *dcmn, size_t off, size_t sz, void *buf)
{
  const struct nsdds_serdata *d = (const struct nsdds_serdata *) dcmn;
  memcpy (buf, d->data + off, sz);
}

static struct ddsi_serdata *sd_to_ser_ref (const struct ddsi_serdata *dcmn, size_t off, size_t sz, ddsrt_iovec_t *ref)
{
  const struct nsdds_serdata *d = (const struct nsdds_serdata *) dcmn;
  ref->iov_base = d->data + off;
  ref->iov_len = (ddsrt_iov_len_t) sz;
  return ddsi_serdata_ref (dcmn);
}

static void sd_to_ser_unref (struct ddsi_serdata *dcmn, const ddsrt_iovec_t *ref)
{
  (void) ref;
  ddsi_serdata_unref (dcmn);
}

static bool sd_to_sample (const struct ddsi_serdata *dcmn, void *sample, void **bufptr, void *buflim)
{
  (void) bufptr; (void) buflim;
  const struct nsdds_serdata *d = (const struct nsdds_serdata *) dcmn;
  struct nsdds_blob *blob = sample;
  free (blob->data);
  blob->size = d->size;
  blob->data = NULL;
  if (d->size > 0)
  {
    if ((blob->data = malloc (d->size)) == NULL)
      return false;
    memcpy (blob->data, d->data, d->size);
  }
  return true;
}

static struct ddsi_serdata *sd_to_untyped (const struct ddsi_serdata *dcmn)
{
  struct nsdds_serdata *d = serdata_new (dcmn->type, SDK_KEY, 0);
  if (d != NULL)
    d->c.type = NULL;
  return d ? &d->c : NULL;
}

static bool sd_untyped_to_sample (const struct ddsi_sertype *type, const struct ddsi_serdata *d, void *sample, void **bufptr, void *buflim)
{
  (void) type; (void) d; (void) bufptr; (void) buflim;
  struct nsdds_blob *blob = sample;
  free (blob->data);
  blob->size = 0;
  blob->data = NULL;
  return true;
}

static void sd_free (struct ddsi_serdata *dcmn)
{
  struct nsdds_serdata *d = (struct nsdds_serdata *) dcmn;
  free (d->data);
  free (d);
}

static size_t sd_print (const struct ddsi_sertype *type, const struct ddsi_serdata *dcmn, char *buf, size_t size)
{
  (void) type;
  const struct nsdds_serdata *d = (const struct nsdds_serdata *) dcmn;
  return (size_t) snprintf (buf, size, "(%u bytes of CDR)", d->size);
}

static void sd_get_keyhash (const struct ddsi_serdata *d, struct ddsi_keyhash *buf, bool force_md5)
{
  (void) d; (void) force_md5;
  memset (buf, 0, sizeof (*buf));
}

#ifdef DDS_HAS_SHM
static struct ddsi_serdata *sd_from_iox (const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, void *sub, void *buffer)
{
  (void) type; (void) kind; (void) sub; (void) buffer;
  return NULL; /* shared memory is never enabled for this type (iox_size 0) */
}

static uint32_t sd_iox_size (const struct ddsi_serdata *d)
{
  return sd_get_size (d);
}
#endif

static const struct ddsi_serdata_ops nsdds_serdata_ops = {
  .eqkey = sd_eqkey,
  .get_size = sd_get_size,
  .from_ser = sd_from_ser,
  .from_ser_iov = sd_from_ser_iov,
  .from_keyhash = sd_from_keyhash,
  .from_sample = sd_from_sample,
  .to_ser = sd_to_ser,
  .to_ser_ref = sd_to_ser_ref,
  .to_ser_unref = sd_to_ser_unref,
  .to_sample = sd_to_sample,
  .to_untyped = sd_to_untyped,
  .untyped_to_sample = sd_untyped_to_sample,
  .free = sd_free,
  .print = sd_print,
  .get_keyhash = sd_get_keyhash,
#ifdef DDS_HAS_SHM
  .get_sample_size = sd_iox_size,
  .from_iox_buffer = sd_from_iox,
#endif
};

static void st_free (struct ddsi_sertype *tp)
{
  ddsi_sertype_fini (tp);
  free (tp);
}

static void st_zero_samples (const struct ddsi_sertype *type, void *samples, size_t count)
{
  (void) type;
  memset (samples, 0, count * sizeof (struct nsdds_blob));
}

static void st_realloc_samples (void **ptrs, const struct ddsi_sertype *type, void *old, size_t oldcount, size_t count)
{
  (void) type;
  const size_t size = sizeof (struct nsdds_blob);
  char *p = (oldcount == count) ? old : dds_realloc (old, size * count);
  if (p && count > oldcount)
    memset (p + size * oldcount, 0, size * (count - oldcount));
  for (size_t i = 0; i < count; i++)
    ptrs[i] = p ? p + i * size : NULL;
}

static void st_free_samples (const struct ddsi_sertype *type, void **ptrs, size_t count, dds_free_op_t op)
{
  (void) type;
  if (count == 0)
    return;
  if (op & DDS_FREE_CONTENTS_BIT)
    for (size_t i = 0; i < count; i++)
    {
      struct nsdds_blob *blob = ptrs[i];
      free (blob->data);
      blob->data = NULL;
      blob->size = 0;
    }
  if (op & DDS_FREE_ALL_BIT)
    dds_free (ptrs[0]);
}

static bool st_equal (const struct ddsi_sertype *a, const struct ddsi_sertype *b)
{
  (void) a; (void) b;
  return true; /* nothing beyond the common fields (type name, ops, flags) that Cyclone compares itself */
}

static uint32_t st_hash (const struct ddsi_sertype *tp)
{
  (void) tp;
  return 0;
}

static size_t st_get_serialized_size (const struct ddsi_sertype *type, const void *sample)
{
  (void) type;
  return ((const struct nsdds_blob *) sample)->size;
}

static bool st_serialize_into (const struct ddsi_sertype *type, const void *sample, void *dst, size_t dst_size)
{
  (void) type;
  const struct nsdds_blob *blob = sample;
  if (dst_size < blob->size)
    return false;
  memcpy (dst, blob->data, blob->size);
  return true;
}

static const struct ddsi_sertype_ops nsdds_sertype_ops = {
  .version = ddsi_sertype_v0,
  .arg = NULL,
  .free = st_free,
  .zero_samples = st_zero_samples,
  .realloc_samples = st_realloc_samples,
  .free_samples = st_free_samples,
  .equal = st_equal,
  .hash = st_hash,
  .type_id = NULL,      /* no XTypes type information: peers match on the type name, as with rmw_cyclonedds */
  .type_map = NULL,
  .type_info = NULL,
  .derive_sertype = NULL,
  .get_serialized_size = st_get_serialized_size,
  .serialize_into = st_serialize_into,
};

/* ---- exported API ----------------------------------------------------------------------------------------- */

NSDDS_EXPORT int32_t nsdds_abi_version (void) { return NSDDS_ABI_VERSION; }

NSDDS_EXPORT const char *nsdds_strretcode (int32_t rc) { return dds_strretcode (rc); }

/* The Cyclone DDS version the shim was compiled against. */
NSDDS_EXPORT const char *nsdds_cyclone_version (void) { return DDS_VERSION; }

/* Creates the domain with a configuration (XML or file URIs, as CYCLONEDDS_URI takes them). Returns the domain
   handle, DDS_RETCODE_PRECONDITION_NOT_MET when the domain already exists in this process, or another error. */
NSDDS_EXPORT dds_entity_t nsdds_create_domain (uint32_t domain_id, const char *config)
{
  return dds_create_domain ((dds_domainid_t) domain_id, config);
}

NSDDS_EXPORT dds_entity_t nsdds_create_participant (uint32_t domain_id, const void *userdata, uint32_t userdata_size)
{
  dds_qos_t *qos = dds_create_qos ();
  if (userdata_size > 0)
    dds_qset_userdata (qos, userdata, userdata_size);
  dds_entity_t pp = dds_create_participant ((dds_domainid_t) domain_id, qos, NULL);
  dds_delete_qos (qos);
  return pp;
}

NSDDS_EXPORT int32_t nsdds_delete (dds_entity_t entity) { return dds_delete (entity); }

/* A topic of the opaque serialized type named type_name (e.g. "sensor_msgs::msg::dds_::Image_"). *sertype_out is
   the sertype the topic ended up with (Cyclone interns equal sertypes per domain); it stays valid while the topic
   exists and is what nsdds_write builds samples of, so that the writer takes them without conversion. */
NSDDS_EXPORT dds_entity_t nsdds_create_topic (dds_entity_t participant, const char *topic_name, const char *type_name, const struct ddsi_sertype **sertype_out)
{
  struct nsdds_sertype *st = malloc (sizeof (*st));
  if (st == NULL)
    return DDS_RETCODE_OUT_OF_RESOURCES;
  memset (st, 0, sizeof (*st));
  ddsi_sertype_init_flags (&st->c, type_name, &nsdds_sertype_ops, &nsdds_serdata_ops, DDSI_SERTYPE_FLAG_TOPICKIND_NO_KEY);
  st->c.allowed_data_representation = DDS_DATA_REPRESENTATION_FLAG_XCDR1;
  struct ddsi_sertype *stact = &st->c;
  dds_entity_t topic = dds_create_topic_sertype (participant, topic_name, &stact, NULL, NULL, NULL);
  if (topic < 0)
    ddsi_sertype_unref (&st->c); /* not consumed on failure */
  else
    *sertype_out = stact;
  return topic;
}

/* The QoS of a ROS 2 publisher/subscription as rmw_cyclonedds builds it (create_readwrite_qos): keep-last depth
   (or keep-all when depth <= 0), reliability, durability (transient local with a matching durability service
   history), automatic liveliness, no autodispose, optional USER_DATA, optionally ignoring the participant's own
   writers. With keep-all, max_samples > 0 bounds the samples held (resource limits): a reader that has that many
   not yet taken makes Cyclone hold back delivery and acknowledgements, so a reliable writer waits (flow control). */
static dds_qos_t *ros_qos (int32_t reliable, int32_t transient_local, int32_t depth, const void *userdata, uint32_t userdata_size, int32_t ignore_local, int32_t max_samples)
{
  dds_qos_t *qos = dds_create_qos ();
  dds_qset_writer_data_lifecycle (qos, false);
  if (depth > 0)
    dds_qset_history (qos, DDS_HISTORY_KEEP_LAST, depth);
  else
  {
    dds_qset_history (qos, DDS_HISTORY_KEEP_ALL, DDS_LENGTH_UNLIMITED);
    if (max_samples > 0)
      dds_qset_resource_limits (qos, max_samples, DDS_LENGTH_UNLIMITED, max_samples);
  }
  if (reliable)
    dds_qset_reliability (qos, DDS_RELIABILITY_RELIABLE, DDS_INFINITY);
  else
    dds_qset_reliability (qos, DDS_RELIABILITY_BEST_EFFORT, 0);
  if (transient_local)
  {
    dds_qset_durability (qos, DDS_DURABILITY_TRANSIENT_LOCAL);
    dds_qset_durability_service (qos, DDS_SECS (0), depth > 0 ? DDS_HISTORY_KEEP_LAST : DDS_HISTORY_KEEP_ALL,
                                 depth > 0 ? depth : DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED);
  }
  else
    dds_qset_durability (qos, DDS_DURABILITY_VOLATILE);
  dds_qset_liveliness (qos, DDS_LIVELINESS_AUTOMATIC, DDS_INFINITY);
  if (ignore_local)
    dds_qset_ignorelocal (qos, DDS_IGNORELOCAL_PARTICIPANT);
  if (userdata_size > 0)
    dds_qset_userdata (qos, userdata, userdata_size);
  return qos;
}

NSDDS_EXPORT dds_entity_t nsdds_create_writer (dds_entity_t participant, dds_entity_t topic, int32_t reliable, int32_t transient_local, int32_t depth, const void *userdata, uint32_t userdata_size, int32_t max_samples)
{
  dds_qos_t *qos = ros_qos (reliable, transient_local, depth, userdata, userdata_size, 0, max_samples);
  dds_entity_t wr = dds_create_writer (participant, topic, qos, NULL);
  dds_delete_qos (qos);
  return wr;
}

NSDDS_EXPORT dds_entity_t nsdds_create_reader (dds_entity_t participant, dds_entity_t topic, int32_t reliable, int32_t transient_local, int32_t depth, const void *userdata, uint32_t userdata_size, int32_t ignore_local, int32_t max_samples)
{
  dds_qos_t *qos = ros_qos (reliable, transient_local, depth, userdata, userdata_size, ignore_local, max_samples);
  dds_entity_t rd = dds_create_reader (participant, topic, qos, NULL);
  dds_delete_qos (qos);
  return rd;
}

/* Writes one serialized sample (CDR header + payload) on a writer of a topic whose sertype nsdds_create_topic
   returned; the bytes are copied (the writer may keep the sample for late joiners and retransmits). */
NSDDS_EXPORT int32_t nsdds_write (dds_entity_t writer, const struct ddsi_sertype *sertype, const uint8_t *data, uint32_t size)
{
  if (sertype == NULL || sertype->serdata_ops != &nsdds_serdata_ops)
    return DDS_RETCODE_BAD_PARAMETER;
  struct nsdds_serdata *d = serdata_new (sertype, SDK_DATA, size);
  if (d == NULL)
    return DDS_RETCODE_OUT_OF_RESOURCES;
  if (size > 0)
    memcpy (d->data, data, size);
  return dds_writecdr (writer, &d->c); /* consumes the reference */
}

/* What C# learns about a taken sample. */
struct nsdds_sample_meta {
  int64_t source_timestamp;
  uint64_t publication_handle;
  int32_t valid_data;
  uint32_t size;
};

/* Takes one sample. Returns 1 and a handle to release with nsdds_release (data points into it, size bytes; data
   NULL for an invalid sample: dispose/unregister), 0 when none is waiting, or an error code. */
NSDDS_EXPORT int32_t nsdds_take (dds_entity_t reader, void **handle, const uint8_t **data, struct nsdds_sample_meta *meta)
{
  struct ddsi_serdata *sd = NULL;
  dds_sample_info_t info;
  dds_return_t n = dds_takecdr (reader, &sd, 1, &info, DDS_ANY_STATE);
  if (n <= 0)
    return n;
  *handle = sd;
  meta->source_timestamp = info.source_timestamp;
  meta->publication_handle = info.publication_handle;
  meta->valid_data = info.valid_data ? 1 : 0;
  if (info.valid_data && sd->ops == &nsdds_serdata_ops)
  {
    const struct nsdds_serdata *d = (const struct nsdds_serdata *) sd;
    *data = d->data;
    meta->size = d->size;
  }
  else if (info.valid_data)
  {
    /* A sample of some other serdata implementation on this topic name (should not happen): unusable. */
    *data = NULL;
    meta->size = 0;
    meta->valid_data = 0;
  }
  else
  {
    *data = NULL;
    meta->size = 0;
  }
  return 1;
}

NSDDS_EXPORT void nsdds_release (void *handle)
{
  if (handle != NULL)
    ddsi_serdata_unref ((struct ddsi_serdata *) handle);
}

NSDDS_EXPORT int32_t nsdds_get_guid (dds_entity_t entity, uint8_t guid[16])
{
  dds_guid_t g;
  dds_return_t rc = dds_get_guid (entity, &g);
  if (rc == DDS_RETCODE_OK)
    memcpy (guid, g.v, 16);
  return rc;
}

NSDDS_EXPORT int32_t nsdds_get_instance_handle (dds_entity_t entity, uint64_t *handle)
{
  dds_instance_handle_t ih;
  dds_return_t rc = dds_get_instance_handle (entity, &ih);
  if (rc == DDS_RETCODE_OK)
    *handle = ih;
  return rc;
}

/* Readers matched by a writer (is_writer 1) or writers matched by a reader (0). */
NSDDS_EXPORT int32_t nsdds_matched_count (dds_entity_t entity, int32_t is_writer)
{
  return is_writer ? dds_get_matched_subscriptions (entity, NULL, 0) : dds_get_matched_publications (entity, NULL, 0);
}

/* ---- waiting ---------------------------------------------------------------------------------------------- */

NSDDS_EXPORT dds_entity_t nsdds_create_waitset (dds_entity_t participant) { return dds_create_waitset (participant); }
NSDDS_EXPORT dds_entity_t nsdds_create_readcondition (dds_entity_t reader) { return dds_create_readcondition (reader, DDS_ANY_STATE); }
NSDDS_EXPORT dds_entity_t nsdds_create_guardcondition (dds_entity_t participant) { return dds_create_guardcondition (participant); }
NSDDS_EXPORT int32_t nsdds_set_guardcondition (dds_entity_t guard, int32_t triggered) { return dds_set_guardcondition (guard, triggered != 0); }
NSDDS_EXPORT int32_t nsdds_waitset_attach (dds_entity_t waitset, dds_entity_t entity, int64_t x) { return dds_waitset_attach (waitset, entity, (dds_attach_t) x); }

/* Waits until an attached condition triggers or the timeout passes: the number of triggered conditions (0 on
   timeout), or an error code. */
NSDDS_EXPORT int32_t nsdds_waitset_wait (dds_entity_t waitset, int64_t timeout_ns)
{
  return dds_waitset_wait (waitset, NULL, 0, timeout_ns);
}

/* ---- services --------------------------------------------------------------------------------------------- */

/* The value of "key=" in a USER_DATA "k1=v1;k2=v2;" list, copied to out (NUL-terminated); 1 when found. */
static int userdata_value (const dds_qos_t *qos, const char *key, char *out, size_t cap)
{
  void *ud;
  size_t udsz;
  int found = 0;
  if (qos == NULL || !dds_qget_userdata (qos, &ud, &udsz) || ud == NULL)
    return 0;
  const char *s = ud, *end = s + udsz;
  size_t klen = strlen (key);
  while (s < end && !found)
  {
    const char *semi = memchr (s, ';', (size_t) (end - s));
    const char *stop = semi ? semi : end;
    const char *eq = memchr (s, '=', (size_t) (stop - s));
    if (eq && (size_t) (eq - s) == klen && memcmp (s, key, klen) == 0)
    {
      size_t n = (size_t) (stop - eq - 1);
      if (n >= cap)
        n = cap - 1;
      memcpy (out, eq + 1, n);
      out[n] = 0;
      found = 1;
    }
    s = stop + 1;
  }
  dds_free (ud);
  return found;
}

/* Whether the reply reader of the client that wrote a request (its request writer: request_writer_handle, as
   matched by the service's request reader) is matched by the service's reply writer, as rmw_cyclonedds'
   rmw_send_response checks before answering: 1 yes, 0 not yet, -1 the client is gone, < -1 an error code - 1. */
NSDDS_EXPORT int32_t nsdds_client_reply_reader_state (dds_entity_t request_reader, dds_entity_t reply_writer, uint64_t request_writer_handle)
{
  dds_builtintopic_endpoint_t *wr = dds_get_matched_publication_data (request_reader, request_writer_handle);
  if (wr == NULL)
    return -1;
  char clientid[128];
  int has_id = userdata_value (wr->qos, "clientid", clientid, sizeof (clientid));
  dds_builtintopic_free_endpoint (wr);
  if (!has_id)
    return 1; /* a client without a client id (older rmw): assume all is well */
  dds_instance_handle_t handles[256];
  dds_return_t n = dds_get_matched_subscriptions (reply_writer, handles, 256);
  if (n < 0)
    return n - 1;
  if (n > 256)
    n = 256;
  for (dds_return_t i = 0; i < n; i++)
  {
    dds_builtintopic_endpoint_t *rd = dds_get_matched_subscription_data (reply_writer, handles[i]);
    if (rd == NULL)
      continue;
    char id[128];
    int match = userdata_value (rd->qos, "clientid", id, sizeof (id)) && strcmp (id, clientid) == 0;
    dds_builtintopic_free_endpoint (rd);
    if (match)
      return 1;
  }
  return 0;
}

/* ---- discovery ------------------------------------------------------------------------------------------ */

/* A reader of a built-in topic: kind 0 DCPSParticipant, 1 DCPSPublication, 2 DCPSSubscription. */
NSDDS_EXPORT dds_entity_t nsdds_create_builtin_reader (dds_entity_t participant, int32_t kind)
{
  dds_entity_t topic = kind == 0 ? DDS_BUILTIN_TOPIC_DCPSPARTICIPANT : kind == 1 ? DDS_BUILTIN_TOPIC_DCPSPUBLICATION : DDS_BUILTIN_TOPIC_DCPSSUBSCRIPTION;
  return dds_create_reader (participant, topic, NULL, NULL);
}

static int append_hex (char *line, int len, size_t cap, const unsigned char *v, int n)
{
  for (int b = 0; b < n && (size_t) len + 3 < cap; b++)
    len += snprintf (line + len, cap - (size_t) len, "%02x", v[b]);
  return len;
}

/* USER_DATA as text: printable ASCII kept, anything else (and tab/newline) as '.'. */
static int append_userdata (char *line, int len, size_t cap, const dds_qos_t *qos)
{
  void *ud;
  size_t udsz;
  if (qos == NULL || !dds_qget_userdata (qos, &ud, &udsz) || ud == NULL)
    return len;
  const unsigned char *u = ud;
  for (size_t i = 0; i < udsz && (size_t) len + 2 < cap; i++)
    line[len++] = (u[i] >= 0x20 && u[i] < 0x7f) ? (char) u[i] : '.';
  line[len] = 0;
  dds_free (ud);
  return len;
}

/* The alive instances a built-in reader knows (this participant's own entities included), one line each in buf
   (NUL-terminated, at most cap bytes with the NUL): participants "guid\tuserdata", endpoints
   "topic\ttype\tparticipant-guid\tuserdata" (GUIDs in hex, USER_DATA as text). Returns the length the full text
   needs (without the NUL): when it is >= cap, call again with a larger buffer. At most 4096 instances. */
NSDDS_EXPORT int32_t nsdds_list_builtin (dds_entity_t reader, int32_t kind, char *buf, int32_t cap)
{
  enum { MAXS = 4096 };
  void **samples = calloc (MAXS, sizeof (void *));
  dds_sample_info_t *infos = calloc (MAXS, sizeof (dds_sample_info_t));
  if (samples == NULL || infos == NULL)
  {
    free (samples);
    free (infos);
    return DDS_RETCODE_OUT_OF_RESOURCES;
  }
  size_t need = 0;
  if (cap > 0)
    buf[0] = 0;
  dds_return_t n = dds_read_mask (reader, samples, infos, MAXS, MAXS, DDS_ANY_SAMPLE_STATE | DDS_ANY_VIEW_STATE | DDS_ALIVE_INSTANCE_STATE);
  for (dds_return_t i = 0; i < n; i++)
  {
    if (!infos[i].valid_data)
      continue;
    char line[2048];
    int len = 0;
    line[0] = 0;
    if (kind == 0)
    {
      const dds_builtintopic_participant_t *pp = samples[i];
      len = append_hex (line, len, sizeof (line), pp->key.v, 16);
      line[len++] = '\t';
      line[len] = 0;
      len = append_userdata (line, len, sizeof (line), pp->qos);
    }
    else
    {
      const dds_builtintopic_endpoint_t *ep = samples[i];
      len = snprintf (line, sizeof (line), "%s\t%s\t", ep->topic_name ? ep->topic_name : "", ep->type_name ? ep->type_name : "");
      if (len < 0 || (size_t) len + 64 >= sizeof (line))
        continue; /* a name too long to be a ROS name */
      len = append_hex (line, len, sizeof (line), ep->participant_key.v, 16);
      line[len++] = '\t';
      line[len] = 0;
      len = append_userdata (line, len, sizeof (line), ep->qos);
    }
    if ((size_t) len + 1 >= sizeof (line))
      len = (int) sizeof (line) - 2;
    line[len++] = '\n';
    line[len] = 0;
    if (need + (size_t) len < (size_t) cap)
      memcpy (buf + need, line, (size_t) len + 1);
    need += (size_t) len;
  }
  if (n > 0)
    dds_return_loan (reader, samples, n);
  free (samples);
  free (infos);
  return n < 0 ? n : (int32_t) need;
}
